// Package edge is the REST edge for browsers: grpc-gateway in front of every service,
// hardened for a public network.
package edge

import (
	"errors"
	"fmt"
	"time"

	"github.com/hellowork-jp/hellowork/libs/config"
)

// Config of the gateway process.
type Config struct {
	// HTTPAddr is where browsers connect.
	HTTPAddr string `env:"HTTP_ADDR" envDefault:"127.0.0.1:8080"`
	// MetricsAddr is the operator's port: /metrics, and /readyz with every backend's
	// readiness and dependencies (PostgreSQL, NATS). Never expose it publicly.
	MetricsAddr string `env:"METRICS_ADDR"`
	LogLevel    string `env:"LOG_LEVEL" envDefault:"info"`
	LogFormat   string `env:"LOG_FORMAT" envDefault:"json"`
	// Backend gRPC addresses; a service without an address is not routed (identity
	// is required: sessions are exchanged there).
	IdentityAddr             string `env:"IDENTITY_ADDR" envDefault:"127.0.0.1:9101"`
	EmployerRegistrationAddr string `env:"EMPLOYER_REGISTRATION_ADDR"`
	JobPostingAddr           string `env:"JOB_POSTING_ADDR"`
	ApplicantSelectionAddr   string `env:"APPLICANT_SELECTION_ADDR"`
	NotificationAddr         string `env:"NOTIFICATION_ADDR"`
	// MaxBodyBytes limits JSON request bodies; MaxUploadBytes limits image uploads
	// (IMG-1 allows 2 MB per image, plus multipart overhead).
	MaxBodyBytes   int64 `env:"MAX_BODY_BYTES" envDefault:"65536"`
	MaxUploadBytes int64 `env:"MAX_UPLOAD_BYTES" envDefault:"2200000"`
	// TrustedOrigins may send state-changing cross-origin requests (scheme://host[:port]).
	TrustedOrigins []string `env:"TRUSTED_ORIGINS" envSeparator:","`
	// TrustedProxyHops is how many proxies of ours (ingress, load balancer, CDN) stand
	// between the browser and the gateway, each appending to X-Forwarded-For. The
	// client IP is the entry that many places from the right; 0 takes the TCP peer
	// address and ignores the header (M2, deploy/README.md "Ingress requirement").
	TrustedProxyHops int `env:"TRUSTED_PROXY_HOPS" envDefault:"0"`
	// SessionCacheTTL is how long this replica reuses a session's exchange (same cookie,
	// same client IP): a revocation made elsewhere takes effect within it (session.go,
	// docs/security.md "Session cache"). 0 exchanges every request.
	SessionCacheTTL time.Duration `env:"SESSION_CACHE_TTL" envDefault:"5s"`
}

// Validate checks the settings.
func (c *Config) Validate() error {
	var problems []error
	if c.HTTPAddr == "" {
		problems = append(problems, errors.New("HTTP_ADDR is required"))
	}
	if c.MaxBodyBytes <= 0 || c.MaxUploadBytes <= 0 {
		problems = append(problems, errors.New("MAX_BODY_BYTES and MAX_UPLOAD_BYTES must be positive"))
	}
	if c.TrustedProxyHops < 0 || c.TrustedProxyHops > 5 {
		problems = append(problems, errors.New("TRUSTED_PROXY_HOPS must be between 0 and 5"))
	}
	if c.SessionCacheTTL < 0 || c.SessionCacheTTL > MaxSessionCacheTTL {
		problems = append(problems, fmt.Errorf("SESSION_CACHE_TTL must be between 0 and %s", MaxSessionCacheTTL))
	}
	if c.IdentityAddr == "" {
		problems = append(problems, errors.New("IDENTITY_ADDR is required: sessions are exchanged there"))
	}
	if err := config.ValidateLogging(c.LogLevel, c.LogFormat); err != nil {
		problems = append(problems, err)
	}
	return errors.Join(problems...)
}
