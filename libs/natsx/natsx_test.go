package natsx

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
)

func TestHeaderCarrier_CaseInsensitiveRoundTrip(t *testing.T) {
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)

	h := nats.Header{}
	propagation.TraceContext{}.Inject(ctx, HeaderCarrier(h))
	if got := h["traceparent"]; len(got) != 1 || got[0] != "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" {
		t.Fatalf("lowercase traceparent header not set: %v", h)
	}
	// A sender that canonicalised the key must still be understood.
	h2 := nats.Header{"Traceparent": h["traceparent"]}
	got := trace.SpanContextFromContext(propagation.TraceContext{}.Extract(context.Background(), HeaderCarrier(h2)))
	if got.TraceID() != tid || got.SpanID() != sid {
		t.Fatalf("extract from canonical key: %v", got)
	}
	HeaderCarrier(h2).Set("TraceParent", "x")
	if len(h2) != 1 || h2.Get("traceparent") != "x" {
		t.Fatalf("Set must replace other spellings: %v", h2)
	}
	t.Logf("METRIC natsx_carrier_keys=%d", len(HeaderCarrier(h).Keys()))
}

func TestConnect_SurvivesBrokerRestart(t *testing.T) {
	srv := natstest.Run(t)
	nc, err := Connect(srv.URL(), "natsx-test", zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := JetStream(nc, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "X", Subjects: []string{"x.>"}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	srv.Restart()
	for {
		if _, err := js.Publish(ctx, "x.1", []byte("hi")); err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("no publish after restart")
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not a rule wait
	}
	t.Logf("METRIC natsx_reconnect_ms=%d", time.Since(start).Milliseconds())
}
