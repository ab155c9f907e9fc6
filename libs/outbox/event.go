package outbox

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/hellowork-jp/hellowork/libs/natsx"
)

// Header names of the envelope. The Hw- prefix keeps them apart from the server's
// reserved Nats-* headers; Nats-Msg-Id is the one server header we set on purpose.
const (
	// HeaderMsgID carries the event ID; JetStream deduplicates on it.
	HeaderMsgID = "Nats-Msg-Id"
	// HeaderEventType carries Event.Type (also the subject).
	HeaderEventType = "Hw-Event-Type"
	// HeaderAggregateID carries Event.AggregateID.
	HeaderAggregateID = "Hw-Aggregate-Id"
	// HeaderAggregateVersion carries Event.AggregateVersion in decimal.
	HeaderAggregateVersion = "Hw-Aggregate-Version"
	// HeaderOccurredAt carries Event.OccurredAt, RFC 3339 with nanoseconds, in UTC.
	HeaderOccurredAt = "Hw-Occurred-At"
	// HeaderTraceParent and HeaderTraceState are the W3C trace context headers, written
	// in lowercase as the W3C spec asks senders to.
	HeaderTraceParent = "traceparent"
	HeaderTraceState  = "tracestate"
)

// Event is the envelope of one domain event.
type Event struct {
	// ID is a UUIDv7 string. It becomes Nats-Msg-Id (JetStream dedup) and the inbox key
	// of every consumer, so it must never change once the event is appended.
	ID string
	// Type is the payload's proto full name, e.g. "hellowork.identity.v1.AuthKeyIssued".
	// It is also the NATS subject, so the stream of a service binds "hellowork.<svc>.>".
	Type string
	// AggregateID names the entity the event is about.
	AggregateID string
	// AggregateVersion is the entity's version after the change; consumers use it to
	// reject stale or reordered events.
	AggregateVersion int64
	// OccurredAt is when the change happened, from the caller's injected clock.
	OccurredAt time.Time
	// Payload is the proto-encoded event message.
	Payload []byte
	// TraceParent is the W3C traceparent of the operation that produced the event. If
	// empty, Append takes it from the context's span.
	TraceParent string
	// TraceState is the W3C tracestate that goes with TraceParent (optional).
	TraceState string
}

// NewEvent builds an event about aggregateID at version from a proto payload. The ID
// is a fresh UUIDv7 (time-ordered, so inbox and dead-letter indexes stay compact) and
// Type is the payload's proto full name. occurredAt must come from the caller's clock.
func NewEvent(aggregateID string, version int64, occurredAt time.Time, payload proto.Message) (Event, error) {
	if payload == nil {
		return Event{}, errors.New("outbox: nil payload")
	}
	if aggregateID == "" {
		return Event{}, errors.New("outbox: empty aggregate id")
	}
	if occurredAt.IsZero() {
		return Event{}, errors.New("outbox: zero occurredAt")
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Event{}, fmt.Errorf("outbox: event id: %w", err)
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(payload)
	if err != nil {
		return Event{}, fmt.Errorf("outbox: marshal payload: %w", err)
	}
	return Event{
		ID:               id.String(),
		Type:             string(payload.ProtoReflect().Descriptor().FullName()),
		AggregateID:      aggregateID,
		AggregateVersion: version,
		OccurredAt:       occurredAt.UTC(),
		Payload:          b,
	}, nil
}

// UnmarshalPayload decodes the payload into m after checking that m is of the event's
// Type, so a handler cannot silently decode one message type as another.
func (e Event) UnmarshalPayload(m proto.Message) error {
	if got := string(m.ProtoReflect().Descriptor().FullName()); got != e.Type {
		return Permanent(fmt.Errorf("outbox: event %s is %s, not %s", e.ID, e.Type, got))
	}
	if err := proto.Unmarshal(e.Payload, m); err != nil {
		return Permanent(fmt.Errorf("outbox: unmarshal %s: %w", e.Type, err))
	}
	return nil
}

func (e Event) validate() error {
	if _, err := uuid.Parse(e.ID); err != nil {
		return fmt.Errorf("outbox: event id %q is not a UUID", e.ID)
	}
	if !protoreflect.FullName(e.Type).IsValid() {
		return fmt.Errorf("outbox: event type %q is not a proto full name", e.Type)
	}
	if e.AggregateID == "" {
		return fmt.Errorf("outbox: event %s has no aggregate id", e.ID)
	}
	if e.OccurredAt.IsZero() {
		return fmt.Errorf("outbox: event %s has no occurred-at time", e.ID)
	}
	return nil
}

// message renders the wire form of e: subject = Type, body = payload, envelope in
// headers. Trace headers are added by the relay.
func (e Event) message() *nats.Msg {
	h := nats.Header{}
	h.Set(HeaderMsgID, e.ID)
	h.Set(HeaderEventType, e.Type)
	h.Set(HeaderAggregateID, e.AggregateID)
	h.Set(HeaderAggregateVersion, strconv.FormatInt(e.AggregateVersion, 10))
	h.Set(HeaderOccurredAt, e.OccurredAt.UTC().Format(time.RFC3339Nano))
	return &nats.Msg{Subject: e.Type, Data: e.Payload, Header: h}
}

// decodeEvent reads the envelope back from headers and body. Header keys are matched
// case-insensitively because intermediaries may canonicalise them.
func decodeEvent(subject string, h nats.Header, body []byte) (Event, error) {
	get := func(k string) string { return headerGet(h, k) }
	e := Event{
		ID:          get(HeaderMsgID),
		Type:        get(HeaderEventType),
		AggregateID: get(HeaderAggregateID),
		Payload:     body,
		TraceParent: get(HeaderTraceParent),
		TraceState:  get(HeaderTraceState),
	}
	if e.Type == "" {
		e.Type = subject
	}
	v, err := strconv.ParseInt(get(HeaderAggregateVersion), 10, 64)
	if err != nil {
		return e, fmt.Errorf("outbox: bad %s header: %w", HeaderAggregateVersion, err)
	}
	e.AggregateVersion = v
	t, err := time.Parse(time.RFC3339Nano, get(HeaderOccurredAt))
	if err != nil {
		return e, fmt.Errorf("outbox: bad %s header: %w", HeaderOccurredAt, err)
	}
	e.OccurredAt = t.UTC()
	if err := e.validate(); err != nil {
		return e, err
	}
	return e, nil
}

func headerGet(h nats.Header, key string) string {
	return natsx.HeaderCarrier(h).Get(key)
}

// Message is the NATS message the relay publishes for e (without trace headers). Tests
// use it to put an event on a stream exactly as a producer would.
func (e Event) Message() *nats.Msg { return e.message() }
