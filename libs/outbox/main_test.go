package outbox

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

// Shared fixtures of the package's tests (not a unit of its own).

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

// testService is the producing service of the tests: its stream binds
// "hellowork.outboxtest.>", which matches testEventType.
const testService = "outboxtest"

// testEventType is a proto message built at run time so the tests need no generated code.
var testEventType = func() protoreflect.MessageType {
	fdp := &descriptorpb.FileDescriptorProto{
		Name:    proto.String("hellowork/outboxtest/v1/test.proto"),
		Package: proto.String("hellowork.outboxtest.v1"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("ThingHappened"),
			Field: []*descriptorpb.FieldDescriptorProto{{
				Name: proto.String("note"), Number: proto.Int32(1), JsonName: proto.String("note"),
				Type:  descriptorpb.FieldDescriptorProto_TYPE_STRING.Enum(),
				Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
			}},
		}},
	}
	fd, err := protodesc.NewFile(fdp, nil)
	if err != nil {
		panic(err)
	}
	return dynamicpb.NewMessageType(fd.Messages().Get(0))
}()

// thing returns a payload message with note set.
func thing(note string) proto.Message {
	m := testEventType.New()
	m.Set(m.Descriptor().Fields().ByName("note"), protoreflect.ValueOfString(note))
	return m.Interface()
}

// mustEvent builds an event about agg.
func mustEvent(t testing.TB, agg string, version int64, note string) Event {
	t.Helper()
	e, err := NewEvent(agg, version, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC), thing(note))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// schemaPool opens a pool on the package database with search_path = schema, runs
// Migrate and then the extra DDL.
func schemaPool(t testing.TB, schema string, maxConns int, ddl ...string) *pgxpool.Pool {
	t.Helper()
	url := pgtest.PackageURL(t)
	if maxConns > 0 {
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		url += sep + "pool_max_conns=" + strconv.Itoa(maxConns)
	}
	pool := pgtest.Pool(t, url, schema, nil)
	ctx := context.Background()
	if err := Migrate(ctx, pool, schema); err != nil {
		t.Fatal(err)
	}
	for _, s := range ddl {
		if _, err := pool.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return pool
}

// broker starts an embedded NATS server with the test stream.
func broker(t testing.TB, opts ...StreamOption) (*natstest.Server, *nats.Conn, jetstream.JetStream) {
	t.Helper()
	srv := natstest.Run(t)
	nc := srv.Connect(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := EnsureStream(ctx, js, testService, opts...); err != nil {
		t.Fatal(err)
	}
	return srv, nc, js
}

// eventually polls cond every 10 ms until it holds or timeout passes. It waits for
// asynchronous work, never for a rule.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// runBackground runs fn in a goroutine and returns its cancel and a channel closed
// when fn returned; the test's cleanup stops it.
func runBackground(t testing.TB, fn func(ctx context.Context) error) (context.CancelFunc, <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := fn(ctx); err != nil {
			t.Errorf("background: %v", err)
		}
	}()
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { cancel(); <-done }) })
	return cancel, done
}

// metricValue sums the counter or gauge series of name whose labels include match.
func metricValue(t testing.TB, reg *prometheus.Registry, name string, match map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if !labelsMatch(m, match) {
				continue
			}
			switch {
			case m.Counter != nil:
				sum += m.Counter.GetValue()
			case m.Gauge != nil:
				sum += m.Gauge.GetValue()
			}
		}
	}
	return sum
}

func labelsMatch(m *dto.Metric, match map[string]string) bool {
	for k, v := range match {
		found := false
		for _, l := range m.GetLabel() {
			if l.GetName() == k && l.GetValue() == v {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// streamIDs reads every message of the test stream and counts copies per Nats-Msg-Id.
func streamIDs(t testing.TB, js jetstream.JetStream) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := js.Stream(ctx, StreamName(testService))
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	total := int(info.State.Msgs)
	if total == 0 {
		return ids
	}
	oc, err := st.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for seen < total {
		batch, err := oc.Fetch(min(total-seen, 1000), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for m := range batch.Messages() {
			ids[m.Headers().Get(HeaderMsgID)]++
			seen++
		}
		if err := batch.Error(); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// natsConnect opens a client connection that reconnects forever, owned by the caller
// (tests close it to simulate a crash).
func natsConnect(url string) (*nats.Conn, error) {
	return nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond), nats.RetryOnFailedConnect(true))
}
