package observability_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/hellowork-jp/hellowork/libs/observability"
)

func TestSetup_GivesTraceIDsAndPropagatesThem(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	shutdown, err := observability.Setup(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = shutdown(context.Background()) }()
	ctx, span := otel.Tracer("t").Start(context.Background(), "op")
	defer span.End()
	if !span.SpanContext().HasTraceID() {
		t.Fatal("no trace id without an exporter")
	}
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	if carrier["traceparent"] == "" {
		t.Fatalf("traceparent not injected: %v", carrier)
	}
}
