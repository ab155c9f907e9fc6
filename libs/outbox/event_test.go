package outbox

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func TestNewEvent_Envelope(t *testing.T) {
	at := time.Date(2026, 4, 1, 18, 0, 0, 123456789, time.FixedZone("JST", 9*3600))
	e, err := NewEvent("est-1", 7, at, thing("hello"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := uuid.Parse(e.ID)
	if err != nil || id.Version() != 7 {
		t.Fatalf("id %q is not a UUIDv7 (%v)", e.ID, err)
	}
	if e.Type != "hellowork.outboxtest.v1.ThingHappened" || !e.OccurredAt.Equal(at) || e.OccurredAt.Location() != time.UTC {
		t.Fatalf("envelope: %+v", e)
	}
	e.TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

	msg := e.message()
	if msg.Subject != e.Type || msg.Header.Get(HeaderMsgID) != e.ID ||
		msg.Header.Get(HeaderOccurredAt) != "2026-04-01T09:00:00.123456789Z" || msg.Header.Get(HeaderAggregateVersion) != "7" {
		t.Fatalf("wire form: %v %v", msg.Subject, msg.Header)
	}
	// Keys that went through a canonicalising intermediary still decode.
	h := nats.Header{}
	for k, v := range msg.Header {
		h[lowerFirst(k)] = v
	}
	h["Traceparent"] = []string{e.TraceParent}
	got, err := decodeEvent(msg.Subject, h, msg.Data)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != e.ID || got.Type != e.Type || got.AggregateID != "est-1" || got.AggregateVersion != 7 ||
		!got.OccurredAt.Equal(at) || got.TraceParent != e.TraceParent {
		t.Fatalf("decoded %+v, want %+v", got, e)
	}
	m := testEventType.New().Interface()
	if err := got.UnmarshalPayload(m); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(m, thing("hello")) {
		t.Fatalf("payload %v", m)
	}
	if err := got.UnmarshalPayload(&wrapperspb.StringValue{}); !IsPermanent(err) {
		t.Fatalf("decoding into the wrong type must be a permanent error, got %v", err)
	}
	if _, err := decodeEvent(msg.Subject, nats.Header{HeaderMsgID: {"not-a-uuid"}}, nil); err == nil {
		t.Fatal("malformed envelope accepted")
	}
	t.Logf("METRIC envelope_headers=%d", len(msg.Header))
}

func TestNewEvent_RejectsIncomplete(t *testing.T) {
	now := time.Now()
	cases := map[string]func() (Event, error){
		"nil payload":  func() (Event, error) { return NewEvent("a", 1, now, nil) },
		"no aggregate": func() (Event, error) { return NewEvent("", 1, now, thing("x")) },
		"zero time":    func() (Event, error) { return NewEvent("a", 1, time.Time{}, thing("x")) },
	}
	rejected := 0
	for name, f := range cases {
		if _, err := f(); err == nil {
			t.Errorf("%s accepted", name)
		} else {
			rejected++
		}
	}
	t.Logf("METRIC rejected=%d of=%d", rejected, len(cases))
}

func TestPermanent(t *testing.T) {
	if Permanent(nil) != nil {
		t.Fatal("Permanent(nil) must be nil")
	}
	base := errString("boom")
	err := Permanent(base)
	if !IsPermanent(err) || IsPermanent(base) || err.Error() != "boom" {
		t.Fatalf("Permanent: %v", err)
	}
	t.Logf("METRIC permanent_detected=%d", b2i(IsPermanent(wrap(err))))
}

type errString string

func (e errString) Error() string { return string(e) }

type wrapped struct{ err error }

func (w wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w wrapped) Unwrap() error { return w.err }

func wrap(err error) error { return wrapped{err} }

func lowerFirst(s string) string {
	b := []byte(s)
	if len(b) > 0 && b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
