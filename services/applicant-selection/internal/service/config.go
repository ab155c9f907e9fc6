// Package service wires the applicant-selection service by hand: configuration, the
// repositories, the app, the consumers of job-posting's and identity's events, the
// reminder job and the two gRPC services.
package service

import (
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/config"
)

// Config is the applicant-selection process's configuration (environment variables).
type Config struct {
	config.Common

	// ReminderRepeatDays repeats the APP-3 reminder every this many days (counted from
	// the previous reminder) until a result is registered or the result deadline passes
	// (issue 11: configurable, default 0 = sent once, no repeat).
	ReminderRepeatDays int `env:"APPSEL_REMINDER_REPEAT_DAYS" envDefault:"0"`
	// ReminderPollInterval is how often the reminder job looks for due reminders (what
	// is due is decided on the service clock).
	ReminderPollInterval time.Duration `env:"APPSEL_REMINDER_POLL_INTERVAL" envDefault:"1m"`
	// MessageRetention keeps read-only threads this long after the result deadline (MSG-1).
	MessageRetention time.Duration `env:"APPSEL_MESSAGE_RETENTION" envDefault:"0"`
}

// Validate checks the settings (Common validates itself).
func (c *Config) Validate() error {
	problems := []error{c.Common.Validate()}
	if c.ReminderRepeatDays < 0 || c.ReminderRepeatDays > 366 {
		problems = append(problems, errors.New("APPSEL_REMINDER_REPEAT_DAYS must be between 0 (no repeat) and 366"))
	}
	if c.ReminderPollInterval <= 0 {
		problems = append(problems, errors.New("APPSEL_REMINDER_POLL_INTERVAL must be positive"))
	}
	if c.MessageRetention < 0 {
		problems = append(problems, errors.New("APPSEL_MESSAGE_RETENTION must not be negative"))
	}
	return errors.Join(problems...)
}
