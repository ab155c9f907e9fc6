// Package service wires the notification service by hand: configuration, the delivery
// store, the SMTP sender loop, one consumer per producing service and the gRPC API.
package service

import (
	"errors"
	"fmt"
	"time"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
	"github.com/hellowork-jp/hellowork/services/notification/internal/adapters/smtp"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// Config is the notification process's configuration (environment variables).
type Config struct {
	config.Common

	// SMTPURL is smtp://[user[:password]@]host[:port][?tls=none|starttls|tls] or
	// smtps://…; without ?tls, STARTTLS is mandatory. The default is a local mail
	// catcher for make run.
	SMTPURL string `env:"SMTP_URL" envDefault:"smtp://127.0.0.1:1025?tls=none"`
	// MailFrom is the sender of every mail (the seeds' address by default).
	MailFrom string `env:"MAIL_FROM" envDefault:"system@mail.hellowork.mhlw.go.jp"`
	// MailFromName is the display name of MailFrom.
	MailFromName string `env:"MAIL_FROM_NAME" envDefault:"ハローワークインターネットサービス"`
	// SMTPTimeout bounds dialling and each SMTP command.
	SMTPTimeout time.Duration `env:"SMTP_TIMEOUT" envDefault:"30s"`
	// SMTPHelo is the EHLO name (default: the host name).
	SMTPHelo string `env:"SMTP_HELO"`
	// EventSealingKey opens the auth keys and OTPs identity seals into its events
	// (base64 of 32 bytes, shared with identity only).
	EventSealingKey string `env:"EVENT_SEALING_KEY"`

	// SenderWorkers is the number of concurrent SMTP connections.
	SenderWorkers int `env:"MAIL_SENDER_WORKERS" envDefault:"4"`
	// PollInterval is how often idle senders look for retries that became due.
	PollInterval time.Duration `env:"MAIL_POLL_INTERVAL" envDefault:"1s"`
	// ConnRetryWait pauses a sender after the SMTP server could not be reached.
	ConnRetryWait time.Duration `env:"MAIL_CONN_RETRY_WAIT" envDefault:"2s"`
	// RetryInitial, RetryMax and RetryGiveUpAfter space retries after temporary
	// failures (4xx, server unreachable): 30 s doubling to 30 min, for 3 days.
	RetryInitial     time.Duration `env:"MAIL_RETRY_INITIAL" envDefault:"30s"`
	RetryMax         time.Duration `env:"MAIL_RETRY_MAX" envDefault:"30m"`
	RetryGiveUpAfter time.Duration `env:"MAIL_RETRY_GIVE_UP_AFTER" envDefault:"72h"`
}

// Validate checks the notification settings (Common validates itself).
func (c *Config) Validate() error {
	problems := []error{c.Common.Validate()}
	if _, err := c.SMTP(); err != nil {
		problems = append(problems, err)
	}
	if c.EventSealingKey == "" {
		problems = append(problems, errors.New("EVENT_SEALING_KEY is required (the same base64 key as identity's)"))
	} else if _, err := sealbox.FromBase64(c.EventSealingKey); err != nil {
		problems = append(problems, fmt.Errorf("EVENT_SEALING_KEY: %w", err))
	}
	if c.SenderWorkers < 1 || c.SenderWorkers > 64 {
		problems = append(problems, errors.New("MAIL_SENDER_WORKERS must be 1..64"))
	}
	if c.PollInterval <= 0 || c.ConnRetryWait <= 0 {
		problems = append(problems, errors.New("MAIL_POLL_INTERVAL and MAIL_CONN_RETRY_WAIT must be positive"))
	}
	if c.RetryInitial <= 0 || c.RetryMax < c.RetryInitial || c.RetryGiveUpAfter <= 0 {
		problems = append(problems, errors.New("MAIL_RETRY_INITIAL must be positive, MAIL_RETRY_MAX ≥ it, MAIL_RETRY_GIVE_UP_AFTER positive"))
	}
	return errors.Join(problems...)
}

// SMTP returns the SMTP adapter's configuration.
func (c *Config) SMTP() (smtp.Config, error) {
	s, err := smtp.ParseURL(c.SMTPURL)
	if err != nil {
		return s, err
	}
	s.From, s.FromName, s.HELO, s.Timeout = c.MailFrom, c.MailFromName, c.SMTPHelo, c.SMTPTimeout
	return s, s.Validate()
}

// Retry returns the retry policy.
func (c *Config) Retry() delivery.RetryPolicy {
	return delivery.RetryPolicy{Initial: c.RetryInitial, Max: c.RetryMax, GiveUpAfter: c.RetryGiveUpAfter}
}
