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

	// ReminderRepeat repeats the APP-3 reminder every this long while no result is
	// registered (issue 11: configurable, default 0 = once).
	ReminderRepeat time.Duration `env:"APPSEL_REMINDER_REPEAT" envDefault:"0"`
	// ReminderPollInterval is how often the reminder job looks for due reminders (what
	// is due is decided on the service clock).
	ReminderPollInterval time.Duration `env:"APPSEL_REMINDER_POLL_INTERVAL" envDefault:"1m"`
	// MessageRetention keeps read-only threads this long after the result deadline (MSG-1).
	MessageRetention time.Duration `env:"APPSEL_MESSAGE_RETENTION" envDefault:"0"`
}

// Validate checks the settings (Common validates itself).
func (c *Config) Validate() error {
	problems := []error{c.Common.Validate()}
	if c.ReminderRepeat < 0 {
		problems = append(problems, errors.New("APPSEL_REMINDER_REPEAT must not be negative"))
	}
	if c.ReminderPollInterval <= 0 {
		problems = append(problems, errors.New("APPSEL_REMINDER_POLL_INTERVAL must be positive"))
	}
	if c.MessageRetention < 0 {
		problems = append(problems, errors.New("APPSEL_MESSAGE_RETENTION must not be negative"))
	}
	return errors.Join(problems...)
}
