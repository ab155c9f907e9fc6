// Package service wires the applicant-selection service by hand: configuration, the
// repositories, the app, the consumers of job-posting's and identity's events, the
// reminder job and the two gRPC services.
package service

import (
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/portalkeys"
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
	// SeekerPortalKeys are the seeker portal's Ed25519 public keys (base64, comma-
	// separated; two while a rotation overlaps). When set, the portal's tokens (issuer
	// "seeker-portal", sub "seeker-portal") are verified with these keys only, and a
	// portal token signed by identity's key is refused. Empty (development, make run,
	// e2e): the portal signs with the development TOKEN_SIGNING_KEY (libs/seekerportal).
	SeekerPortalKeys string `env:"APPSEL_SEEKER_PORTAL_KEYS"`
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
	if _, err := portalkeys.Parse(c.SeekerPortalKeys); err != nil {
		problems = append(problems, err)
	}
	return errors.Join(problems...)
}
