// Package service wires the job-posting service by hand: configuration, the
// repositories, the app, the consumer of employer-registration's events, the expiry job
// and the gRPC API.
package service

import (
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/config"
)

// Config is the job-posting process's configuration (environment variables).
type Config struct {
	config.Common

	// RenewalLeadDays is how many days before the 紹介期限日 a renewal may be reserved
	// (JOB-5: 14; some offices use 7).
	RenewalLeadDays int `env:"JOB_RENEWAL_LEAD_DAYS" envDefault:"14"`
	// ExpiryPollInterval is how often the scheduled jobs run: expiry of postings past
	// their 紹介期限日 and the publication hold before a minimum-wage revision (what is
	// due is decided on the service clock).
	ExpiryPollInterval time.Duration `env:"JOB_EXPIRY_POLL_INTERVAL" envDefault:"1m"`
	// ApplicantSelectionAddr is asked how many applicants of a posting have no
	// selection result before a stop, a cancellation or a change lowering 採用人数
	// (domain.md §2.4); empty refuses those with UNAVAILABLE (fails closed).
	ApplicantSelectionAddr string `env:"APPLICANT_SELECTION_ADDR"`
}

// Validate checks the job-posting settings (Common validates itself).
func (c *Config) Validate() error {
	problems := []error{c.Common.Validate()}
	if c.RenewalLeadDays < 1 || c.RenewalLeadDays > 60 {
		problems = append(problems, errors.New("JOB_RENEWAL_LEAD_DAYS must be 1..60"))
	}
	if c.ExpiryPollInterval <= 0 {
		problems = append(problems, errors.New("JOB_EXPIRY_POLL_INTERVAL must be positive"))
	}
	return errors.Join(problems...)
}
