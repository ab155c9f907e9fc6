package service

import (
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"strings"
	"time"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/secrets"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// Config is what the identity process reads from the environment.
type Config struct {
	config.Common
	// EventSealingKey seals auth keys and one-time passwords in events (base64, 32 bytes).
	EventSealingKey string `env:"EVENT_SEALING_KEY,required"`
	// TokenSigningKey is the base64 Ed25519 seed (32 bytes) signing access tokens.
	TokenSigningKey string `env:"TOKEN_SIGNING_KEY,required"`
	// TokenPreviousKeys are base64 Ed25519 public keys of retired signing keys, still
	// published and accepted during a rotation.
	TokenPreviousKeys []string `env:"TOKEN_PREVIOUS_KEYS" envSeparator:","`
	// HashPepper keys the hashes of auth keys, one-time passwords and tokens (base64,
	// at least 32 bytes).
	HashPepper string `env:"HASH_PEPPER,required"`
	// Argon2id parameters (OWASP minimum m=19456 KiB, t=2, p=1 by default).
	Argon2MemoryKiB uint32 `env:"ARGON2_MEMORY_KIB" envDefault:"19456"`
	Argon2Time      uint32 `env:"ARGON2_TIME" envDefault:"2"`
	Argon2Threads   uint8  `env:"ARGON2_THREADS" envDefault:"1"`
	// Argon2AllowWeak permits parameters below the OWASP minimum (tests and benchmarks
	// only; never in production).
	Argon2AllowWeak bool `env:"ARGON2_ALLOW_WEAK"`
	// HashConcurrency caps parallel argon2id computations (0: number of CPUs).
	HashConcurrency int `env:"HASH_CONCURRENCY" envDefault:"0"`

	AuthKeyTTL         time.Duration `env:"AUTH_KEY_TTL" envDefault:"50m"`         // AUTHKEY-1
	AuthKeyMaxAttempts int           `env:"AUTH_KEY_MAX_ATTEMPTS" envDefault:"5"`  // AUTHKEY-1 (inferred)
	OTPTTL             time.Duration `env:"OTP_TTL" envDefault:"30m"`              // LOGIN-2, D2
	OTPMaxWrong        int           `env:"OTP_MAX_WRONG" envDefault:"10"`         // LOGIN-2
	OTPResendCooldown  time.Duration `env:"OTP_RESEND_COOLDOWN" envDefault:"1m"`   // LOGIN-2
	OTPHourlyCap       int           `env:"OTP_HOURLY_CAP" envDefault:"10"`        // LOGIN-2
	LockThreshold      int           `env:"LOCK_THRESHOLD" envDefault:"5"`         // LOGIN-1
	LockDuration       time.Duration `env:"LOCK_DURATION" envDefault:"30m"`        // LOGIN-1
	LockConsecutiveCap int           `env:"LOCK_CONSECUTIVE_CAP" envDefault:"100"` // D5
	SessionTTL         time.Duration `env:"SESSION_TTL" envDefault:"12h"`
	SessionIdle        time.Duration `env:"SESSION_IDLE_TIMEOUT" envDefault:"1h"`
	RateIPPerMinute    int           `env:"RATE_LIMIT_IP_PER_MINUTE" envDefault:"60"`
	RateAcctPerMinute  int           `env:"RATE_LIMIT_ACCOUNT_PER_MINUTE" envDefault:"20"`
	PurgeInterval      time.Duration `env:"PURGE_INTERVAL" envDefault:"1m"` // ACC-4 purge loop
	// Per-recipient budget of mails carrying an auth key or telling of an attempt (M3).
	MailCooldown  time.Duration `env:"MAIL_COOLDOWN" envDefault:"1m"`
	MailHourlyCap int           `env:"MAIL_HOURLY_CAP" envDefault:"5"`
	// OPEN-3 attempts naming one 事業所番号 per minute, from all clients (L5).
	RateCodePerNumber int `env:"RATE_LIMIT_CREATION_CODE_PER_NUMBER_PER_MINUTE" envDefault:"3"`

	// Other services; an empty APPLICANT_SELECTION_ADDR makes withdrawal fail closed.
	ApplicantSelectionAddr   string `env:"APPLICANT_SELECTION_ADDR"`
	EmployerRegistrationAddr string `env:"EMPLOYER_REGISTRATION_ADDR"`
	// Office networks and visitor terminals (config_offices.go).
	OfficeConfig
	// TrustedProxies (CIDRs) may set X-Forwarded-For (the gateway).
	TrustedProxies []string `env:"TRUSTED_PROXIES" envSeparator:"," envDefault:"127.0.0.1/32,::1/128"`
}

// Validate checks the identity settings.
func (c *Config) Validate() error {
	var problems []error
	if err := c.Common.Validate(); err != nil {
		problems = append(problems, err)
	}
	if _, err := c.Pepper(); err != nil {
		problems = append(problems, err)
	}
	if p := c.Argon2(); !c.Argon2AllowWeak && !p.AtLeast(secrets.OWASPMinimum) {
		problems = append(problems, fmt.Errorf("ARGON2_*: %+v is below the OWASP minimum %+v", p, secrets.OWASPMinimum))
	}
	if _, err := c.Proxies(); err != nil {
		problems = append(problems, err)
	}
	problems = append(problems, c.validate(c.SessionIdle)...)
	for name, d := range map[string]time.Duration{"AUTH_KEY_TTL": c.AuthKeyTTL, "OTP_TTL": c.OTPTTL,
		"LOCK_DURATION": c.LockDuration, "SESSION_TTL": c.SessionTTL, "SESSION_IDLE_TIMEOUT": c.SessionIdle, "PURGE_INTERVAL": c.PurgeInterval} {
		if d <= 0 {
			problems = append(problems, fmt.Errorf("%s must be positive", name))
		}
	}
	if c.LockThreshold < 1 || c.LockConsecutiveCap < c.LockThreshold || c.LockConsecutiveCap > 100 {
		problems = append(problems, errors.New("LOCK_THRESHOLD must be ≥ 1 and LOCK_CONSECUTIVE_CAP between it and 100 (D5)"))
	}
	if c.MailCooldown < 0 || c.MailHourlyCap < 0 {
		problems = append(problems, errors.New("MAIL_COOLDOWN and MAIL_HOURLY_CAP must not be negative"))
	}
	if c.OTPMaxWrong < 1 || c.OTPHourlyCap < 1 || c.AuthKeyMaxAttempts < 1 {
		problems = append(problems, errors.New("OTP_MAX_WRONG, OTP_HOURLY_CAP and AUTH_KEY_MAX_ATTEMPTS must be ≥ 1"))
	}
	return errors.Join(problems...)
}

// Pepper decodes HASH_PEPPER.
func (c *Config) Pepper() ([]byte, error) { return config.DecodeKey("HASH_PEPPER", c.HashPepper, 32) }

// Argon2 returns the configured argon2id parameters.
func (c *Config) Argon2() secrets.Argon2Params {
	return secrets.Argon2Params{MemoryKiB: c.Argon2MemoryKiB, Time: c.Argon2Time, Threads: c.Argon2Threads}
}

// Concurrency is the hashing cap.
func (c *Config) Concurrency() int {
	if c.HashConcurrency > 0 {
		return c.HashConcurrency
	}
	return runtime.NumCPU()
}

// Proxies parses TRUSTED_PROXIES.
func (c *Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range c.TrustedProxies {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("TRUSTED_PROXIES: %q is not a CIDR", s)
		}
		out = append(out, p)
	}
	return out, nil
}

// Rules returns the application rules.
func (c *Config) Rules() app.Config {
	offices, _ := c.Offices() // checked by Validate
	return app.Config{
		Lockout:              account.Lockout{Threshold: c.LockThreshold, Duration: c.LockDuration, ConsecutiveCap: c.LockConsecutiveCap},
		AuthKey:              account.AuthKeyPolicy{TTL: c.AuthKeyTTL, MaxAttempts: c.AuthKeyMaxAttempts},
		OTP:                  account.OTPPolicy{TTL: c.OTPTTL, MaxWrong: c.OTPMaxWrong, ResendCooldown: c.OTPResendCooldown, HourlyCap: c.OTPHourlyCap},
		SessionTTL:           c.SessionTTL,
		SessionIdle:          c.SessionIdle,
		RateIPPerMinute:      c.RateIPPerMinute,
		RateAccountPerMinute: c.RateAcctPerMinute,
		Offices:              offices,
		Terminal:             c.TerminalPolicy(),
		Mail:                 app.MailBudget{Cooldown: c.MailCooldown, HourlyCap: c.MailHourlyCap},

		CodeAttemptsPerNumberPerMinute: c.RateCodePerNumber,
	}
}
