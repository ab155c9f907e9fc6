// Package natsx connects services to NATS and carries trace context in NATS headers.
//
// A service must survive NATS restarts without restarting itself: Connect therefore
// retries the first connection and reconnects forever, and leaves publishing
// guarantees to the outbox relay (which never marks an event sent without a PubAck).
package natsx

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"go.uber.org/zap"
)

// ReconnectWait is the pause between reconnect attempts. It is short because a
// broker restart is the common case, and jitter spreads the replicas out.
const ReconnectWait = 250 * time.Millisecond

// Connect opens a connection named name (shown in the server's connz, which makes
// "who is still connected" answerable). It returns at once even if the server is down
// (RetryOnFailedConnect) and reconnects forever, so start-up order between a service and
// NATS does not matter. Connection state changes are logged on log. Extra options are
// applied last and may override these defaults.
func Connect(url, name string, log *zap.Logger, opts ...nats.Option) (*nats.Conn, error) {
	if log == nil {
		log = zap.NewNop()
	}
	log = log.With(zap.String("nats.name", name))
	base := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true),
		nats.ReconnectWait(ReconnectWait),
		nats.ReconnectJitter(100*time.Millisecond, time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			log.Warn("nats disconnected", zap.Error(err))
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info("nats reconnected", zap.String("nats.url", c.ConnectedUrlRedacted()))
		}),
		nats.ClosedHandler(func(*nats.Conn) { log.Info("nats connection closed") }),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subject := ""
			if sub != nil {
				subject = sub.Subject
			}
			log.Warn("nats async error", zap.String("nats.subject", subject), zap.Error(err))
		}),
	}
	nc, err := nats.Connect(url, append(base, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("natsx: connect %s: %w", name, err)
	}
	return nc, nil
}

// NKey returns the option that signs in as the nkey user of seed, or of the seed held
// in seedFile (one of them; both empty: no option, an anonymous connection). The
// seed is checked here so that a bad secret stops the process at start-up.
func NKey(seed, seedFile string) ([]nats.Option, error) {
	if seed != "" && seedFile != "" {
		return nil, errors.New("natsx: both an nkey seed and a seed file given")
	}
	if seedFile != "" {
		b, err := os.ReadFile(seedFile)
		if err != nil {
			return nil, fmt.Errorf("natsx: nkey seed file: %w", err)
		}
		seed = string(b)
	}
	if seed = strings.TrimSpace(seed); seed == "" {
		return nil, nil
	}
	kp, err := nkeys.FromSeed([]byte(seed))
	if err != nil {
		return nil, errors.New("natsx: the nkey seed is not a valid user seed")
	}
	pub, err := kp.PublicKey()
	if err != nil || !nkeys.IsValidPublicUserKey(pub) {
		return nil, errors.New("natsx: the nkey seed is not a user seed (SU...)")
	}
	return []nats.Option{nats.Nkey(pub, kp.Sign)}, nil
}

// JetStream returns the JetStream context of nc. Async publishes time out after
// publishTimeout (0 means 10 s) so that a publish made just before a broker crash
// resolves with an error instead of waiting forever.
func JetStream(nc *nats.Conn, publishTimeout time.Duration) (jetstream.JetStream, error) {
	if publishTimeout <= 0 {
		publishTimeout = 10 * time.Second
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(publishTimeout))
	if err != nil {
		return nil, fmt.Errorf("natsx: jetstream: %w", err)
	}
	return js, nil
}

// HeaderCarrier adapts nats.Header to OpenTelemetry's propagation.TextMapCarrier.
//
// It exists because propagation.HeaderCarrier canonicalises keys ("Traceparent")
// while the W3C spec asks senders for lowercase and receivers to accept any case
// (nats.go#1968). Set stores keys lowercase; Get matches case-insensitively.
type HeaderCarrier nats.Header

// Get returns the first value of key, matching the key in any case.
func (c HeaderCarrier) Get(key string) string {
	if v := c[key]; len(v) > 0 {
		return v[0]
	}
	for k, v := range c {
		if len(v) > 0 && strings.EqualFold(k, key) {
			return v[0]
		}
	}
	return ""
}

// Set stores value under the lowercase key, replacing any spelling of it.
func (c HeaderCarrier) Set(key, value string) {
	lk := strings.ToLower(key)
	for k := range c {
		if k != lk && strings.EqualFold(k, key) {
			delete(c, k)
		}
	}
	c[lk] = []string{value}
}

// Keys lists the header keys as stored.
func (c HeaderCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}
