package outbox

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stream defaults. They are exported so deployment checks (TestConfig_JetStreamDurability)
// can compare against them.
const (
	// DefaultDuplicateWindow is how long JetStream remembers a Nats-Msg-Id. It must be
	// longer than the relay's retry horizon (publish timeout plus backoff, seconds) so a
	// re-published row is dropped by the server; anything later is caught by the inbox.
	DefaultDuplicateWindow = 2 * time.Minute
	// DefaultMaxAge bounds how long events (which may carry personal data) stay in a
	// stream, and so how far back a new consumer can start. Thirty days covers the
	// longest consumer outage we plan for plus the ACC-4 restore period.
	DefaultMaxAge = 30 * 24 * time.Hour
)

var serviceName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// StreamName returns the stream of a producing service: "HELLOWORK_" + the service name
// upper-cased with '-' turned into '_' (employer-registration → HELLOWORK_EMPLOYER_REGISTRATION).
func StreamName(service string) string {
	return "HELLOWORK_" + strings.ToUpper(strings.ReplaceAll(service, "-", "_"))
}

// StreamSubject returns the subject filter of a service's stream,
// "hellowork.<service with '_' for '-'>.>", which matches the proto package
// hellowork.<service>.v1 and so every event type the service declares.
func StreamSubject(service string) string {
	return "hellowork." + strings.ReplaceAll(service, "-", "_") + ".>"
}

// StreamOption adjusts the stream EnsureStream declares.
type StreamOption func(*jetstream.StreamConfig)

// WithReplicas sets the number of replicas (1 locally, 3 in Kubernetes).
func WithReplicas(n int) StreamOption {
	return func(c *jetstream.StreamConfig) { c.Replicas = n }
}

// WithMaxAge overrides DefaultMaxAge.
func WithMaxAge(d time.Duration) StreamOption {
	return func(c *jetstream.StreamConfig) { c.MaxAge = d }
}

// WithDuplicateWindow overrides DefaultDuplicateWindow (tests shorten it to watch it
// expire).
func WithDuplicateWindow(d time.Duration) StreamOption {
	return func(c *jetstream.StreamConfig) { c.Duplicates = d }
}

// StreamConfig returns the configuration EnsureStream applies for service.
func StreamConfig(service string, opts ...StreamOption) jetstream.StreamConfig {
	c := jetstream.StreamConfig{
		Name:        StreamName(service),
		Description: "Domain events of the " + service + " service (outbox relay).",
		Subjects:    []string{StreamSubject(service)},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Discard:     jetstream.DiscardOld,
		MaxAge:      DefaultMaxAge,
		Duplicates:  DefaultDuplicateWindow,
		Replicas:    1,
		// The relay publishes each pass as one atomic batch, fsynced once instead of
		// once per message (sync_interval: always).
		AllowAtomicPublish: true,
	}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// EnsureStream creates the stream of a producing service, or updates it when its
// declared settings drifted. Streams are declared in code, next to the relay that fills
// them, so a fresh environment needs no manual set-up and drift is corrected at every
// start. A stream that already matches is left alone: every producer and consumer of it
// calls this at start-up, and needless updates would race the consumers being created.
func EnsureStream(ctx context.Context, js jetstream.JetStream, service string, opts ...StreamOption) error {
	if !serviceName.MatchString(service) {
		return fmt.Errorf("outbox: invalid service name %q", service)
	}
	want := StreamConfig(service, opts...)
	if st, err := js.Stream(ctx, want.Name); err == nil {
		if info := st.CachedInfo(); info != nil && declaredEqual(info.Config, want) {
			return nil
		}
	} else if !errors.Is(err, jetstream.ErrStreamNotFound) {
		return fmt.Errorf("outbox: ensure stream %s: %w", want.Name, err)
	}
	if _, err := js.CreateOrUpdateStream(ctx, want); err != nil {
		return fmt.Errorf("outbox: ensure stream %s: %w", want.Name, err)
	}
	return nil
}

// declaredEqual compares the settings StreamConfig declares; the server fills in the
// rest with its defaults.
func declaredEqual(have, want jetstream.StreamConfig) bool {
	return have.Description == want.Description &&
		slices.Equal(have.Subjects, want.Subjects) &&
		have.Retention == want.Retention &&
		have.Storage == want.Storage &&
		have.Discard == want.Discard &&
		have.MaxAge == want.MaxAge &&
		have.Duplicates == want.Duplicates &&
		have.Replicas == want.Replicas &&
		have.AllowAtomicPublish == want.AllowAtomicPublish
}
