// Package config reads typed configuration from the environment and validates it at
// start-up, so that a process with a bad setting stops at once with a clear message
// instead of failing on its first request.
package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Validator is implemented by configuration structs that check their own values.
type Validator interface {
	Validate() error
}

// Load parses T from the environment (struct tags of github.com/caarlos0/env: `env`,
// `envDefault`, `required`, `file`), then calls Validate on T and on every embedded
// struct that implements Validator. All problems are reported together.
func Load[T any]() (T, error) {
	var cfg T
	if err := env.Parse(&cfg); err != nil {
		return cfg, fmt.Errorf("configuration: %w", nameVariables(err, reflect.TypeOf(cfg)))
	}
	if v, ok := any(&cfg).(Validator); ok {
		if err := v.Validate(); err != nil {
			return cfg, fmt.Errorf("configuration: %w", err)
		}
	}
	return cfg, nil
}

// Common holds the settings every service process reads.
type Common struct {
	// ServiceName names the process in logs, traces and metrics.
	ServiceName string `env:"SERVICE_NAME"`
	// GRPCAddr is where the gRPC server listens.
	GRPCAddr string `env:"GRPC_ADDR"`
	// GRPCReflection registers gRPC server reflection (local debugging only; off by
	// default: issue 9, L8).
	GRPCReflection bool `env:"GRPC_REFLECTION"`
	// MetricsAddr serves /metrics (Prometheus) on its own port, never the gRPC one;
	// empty disables it.
	MetricsAddr string `env:"METRICS_ADDR"`
	// DatabaseURL is the PostgreSQL connection string. Each service keeps its tables in
	// its own schema of this database.
	DatabaseURL string `env:"DATABASE_URL" envDefault:"postgres://postgres@127.0.0.1:5432/hellowork?sslmode=disable"`
	// MigrationDatabaseURL, when set, is the schema owner's connection: migrations run
	// over it and then grant the role of DatabaseURL (the runtime role, which owns
	// nothing) only what it needs, INSERT and SELECT on the audit tables (issue 9, M4).
	MigrationDatabaseURL string `env:"MIGRATION_DATABASE_URL"`
	// DatabaseRuntimeRole names the runtime role to grant when it is not the user of
	// DatabaseURL (a migration step that has only the owner's connection).
	DatabaseRuntimeRole string `env:"DATABASE_RUNTIME_ROLE"`
	// MigrationsByJob: the process does not migrate at start-up (its role may not);
	// the chart's migration Job does, as the owner.
	MigrationsByJob bool `env:"MIGRATIONS_BY_JOB"`
	// NATSURL is the NATS server with JetStream (2.11 or later).
	NATSURL string `env:"NATS_URL" envDefault:"nats://127.0.0.1:4222"`
	// StreamReplicas is the JetStream replica count of the streams this process
	// declares: 1 locally, 3 in Kubernetes, where an acknowledged event must survive the
	// loss of one NATS server (deploy/README.md, "NATS").
	StreamReplicas int `env:"NATS_STREAM_REPLICAS" envDefault:"1"`
	// NATSNKeySeed (or the file NATSNKeySeedFile names) is the service's own NATS user,
	// an nkey seed ("SU..."). The server allows that user only the service's own
	// subjects and streams (libs/natsx/natsacl); without one the connection is
	// anonymous, which a server with per-service users refuses.
	NATSNKeySeed     string `env:"NATS_NKEY_SEED"`
	NATSNKeySeedFile string `env:"NATS_NKEY_SEED_FILE"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `env:"LOG_LEVEL" envDefault:"info"`
	// LogFormat is json (production) or console (make run).
	LogFormat string `env:"LOG_FORMAT" envDefault:"json"`
	// ShutdownTimeout bounds the drain of in-flight calls after SIGTERM.
	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"20s"`
	// TokenIssuer and TokenAudience are the expected iss/aud of access tokens.
	TokenIssuer   string `env:"TOKEN_ISSUER" envDefault:"hellowork-identity"`
	TokenAudience string `env:"TOKEN_AUDIENCE" envDefault:"hellowork"`
	// TokenJWKSURL is where the identity service publishes its verification keys
	// (an http(s) URL serving a JWK set). Identity itself leaves it empty.
	TokenJWKSURL string `env:"TOKEN_JWKS_URL"`
	// TokenJWKSAddr is identity's gRPC address (host:port): the keys are then fetched
	// with its GetJwks RPC, straight from identity pods (which the chart's
	// NetworkPolicy pins), not from a URL. It wins over TokenJWKSURL.
	TokenJWKSAddr string `env:"TOKEN_JWKS_ADDR"`
}

// Validate checks the common settings.
func (c *Common) Validate() error {
	var problems []error
	if c.GRPCAddr == "" {
		problems = append(problems, errors.New("GRPC_ADDR is required (host:port)"))
	}
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		problems = append(problems, errors.New("DATABASE_URL must be a postgres:// URL"))
	}
	if c.MigrationDatabaseURL != "" {
		if u, err := url.Parse(c.MigrationDatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			problems = append(problems, errors.New("MIGRATION_DATABASE_URL must be a postgres:// URL"))
		}
	}
	if u, err := url.Parse(c.NATSURL); err != nil || u.Scheme == "" {
		problems = append(problems, errors.New("NATS_URL must be a nats:// URL"))
	}
	if err := ValidateLogging(c.LogLevel, c.LogFormat); err != nil {
		problems = append(problems, err)
	}
	if c.NATSNKeySeed != "" && c.NATSNKeySeedFile != "" {
		problems = append(problems, errors.New("set NATS_NKEY_SEED or NATS_NKEY_SEED_FILE, not both"))
	}
	if c.StreamReplicas < 0 || c.StreamReplicas > 5 { // 0: unset in code, means 1
		problems = append(problems, fmt.Errorf("NATS_STREAM_REPLICAS %d is not between 1 and 5", c.StreamReplicas))
	}
	if c.ShutdownTimeout <= 0 {
		problems = append(problems, errors.New("SHUTDOWN_TIMEOUT must be positive"))
	}
	return errors.Join(problems...)
}

// ValidateLogging checks LOG_LEVEL and LOG_FORMAT.
func ValidateLogging(level, format string) error {
	var problems []error
	switch level {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, fmt.Errorf("LOG_LEVEL %q is not one of debug, info, warn, error", level))
	}
	switch format {
	case "json", "console":
	default:
		problems = append(problems, fmt.Errorf("LOG_FORMAT %q is not json or console", format))
	}
	return errors.Join(problems...)
}

// RuntimeRole is the role migrations grant the runtime privileges to: DatabaseRuntimeRole,
// else the user of DatabaseURL when migrations run over a separate owner connection,
// else "" (one role for both, as in unit tests).
func (c *Common) RuntimeRole() string {
	if c.DatabaseRuntimeRole != "" {
		return c.DatabaseRuntimeRole
	}
	if c.MigrationDatabaseURL == "" {
		return ""
	}
	if u, err := url.Parse(c.DatabaseURL); err == nil && u.User != nil {
		return u.User.Username()
	}
	return ""
}

// Redacted returns u with any password replaced, for logging.
func Redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparseable>"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return strings.Replace(u.String(), "xxxxx", "***", 1)
}

// nameVariables rewrites env's parse errors, which name Go fields, to name the
// environment variables an operator actually sets.
func nameVariables(err error, t reflect.Type) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return err
	}
	keys := map[string]string{}
	collectKeys(t, keys)
	out := make([]error, 0, len(agg.Errors))
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) && keys[pe.Name] != "" {
			out = append(out, fmt.Errorf("%s: cannot parse as %s: %w", keys[pe.Name], pe.Type, pe.Err))
			continue
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

func collectKeys(t reflect.Type, keys map[string]string) {
	if t.Kind() != reflect.Struct {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if key, _, _ := strings.Cut(f.Tag.Get("env"), ","); key != "" {
			keys[f.Name] = key
		}
		if f.Type.Kind() == reflect.Struct {
			collectKeys(f.Type, keys)
		}
	}
}

// DecodeKey decodes a secret key setting given as base64 (standard or URL alphabet,
// padded or not, so keys from openssl and from other tools both work) and checks it has
// at least minBytes bytes. name is the environment variable, for the message; the
// value itself is never part of it.
func DecodeKey(name, value string, minBytes int) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(strings.TrimSpace(value)); err == nil && len(b) >= minBytes {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s must be the base64 of at least %d random bytes (e.g. openssl rand -base64 %d)", name, minBytes, minBytes)
}
