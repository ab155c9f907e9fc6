package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

const sliceSchema = "slice_consumer"

// runRole runs the slice's consumer: it counts every identity event it handles in a
// table of its own schema, through outbox.Consume (durable, inbox-deduplicated).
func runRole(role string) int {
	if role != "slice-consumer" {
		fmt.Fprintln(os.Stderr, "unknown role", role)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	pool, err := pgkit.Open(ctx, os.Getenv("DATABASE_URL"), sliceSchema)
	if err == nil {
		err = outbox.Migrate(ctx, pool, sliceSchema)
	}
	if err == nil {
		_, err = pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS effects (event_id text NOT NULL, event_type text NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp())`)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "consumer setup:", err)
		return 1
	}
	nc, err := nats.Connect(os.Getenv("NATS_URL"), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(true), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		fmt.Fprintln(os.Stderr, "nats:", err)
		return 1
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	for ctx.Err() == nil {
		if err = outbox.EnsureStream(ctx, js, "identity"); err == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	err = outbox.Consume(ctx, js, pool, nil, outbox.ConsumerConfig{Name: "slice-consumer", Stream: outbox.StreamName("identity"), AckWait: 5 * time.Second},
		func(ctx context.Context, tx pgx.Tx, d outbox.Delivery) error {
			_, err := tx.Exec(ctx, `INSERT INTO effects (event_id, event_type) VALUES ($1, $2)`, d.Event.ID, d.Event.Type)
			return err
		})
	if err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "consume:", err)
		return 1
	}
	return 0
}

// TestSlice_GatewayToConsumerExactlyOnceAcrossNATSRestart is the platform's vertical
// slice: an RPC of identity called through the gateway over HTTP writes its row and its
// event in one transaction; a consumer in another process receives every event exactly
// once, while the NATS server is killed and restarted mid-stream.
func TestSlice_GatewayToConsumerExactlyOnceAcrossNATSRestart(t *testing.T) {
	// Many registrations come from one IP here; the per-IP limit is not under test.
	st := e2e.StartWith(t, map[string]string{"RATE_LIMIT_IP_PER_MINUTE": "100000"}, e2e.Identity)
	consumer := exec.Command(os.Args[0], "-test.run=^$")
	consumer.Env = append(os.Environ(), "HW_E2E_ROLE=slice-consumer", "DATABASE_URL="+st.DBURL, "NATS_URL="+st.NATS.URL())
	var consumerOut bytes.Buffer
	consumer.Stdout, consumer.Stderr = &consumerOut, &consumerOut
	if err := consumer.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = consumer.Process.Signal(syscall.SIGTERM)
		_ = consumer.Wait()
		if t.Failed() {
			t.Log("consumer output:\n" + consumerOut.String())
		}
	}()

	const requests = 120
	var ok atomic.Int64
	register := func(from, to int) {
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := from + w; i < to; i += 4 {
					email := fmt.Sprintf("slice-%03d@example.co.jp", i)
					body := fmt.Sprintf(`{"email":%q,"email_confirmation":%q,"agreed_to_privacy_policy":true,"agreed_to_terms":true}`, email, email)
					req, _ := http.NewRequest("POST", st.GateURL+"/v1/identity/registrations:start", bytes.NewBufferString(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Sec-Fetch-Site", "same-origin")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Errorf("request %d: %v", i, err)
						continue
					}
					resp.Body.Close()
					if resp.StatusCode == 200 {
						ok.Add(1)
					} else {
						t.Errorf("request %d: HTTP %d", i, resp.StatusCode)
					}
				}
			}()
		}
		wg.Wait()
	}
	start := time.Now()
	register(0, requests/3)
	st.NATS.Stop() // the broker dies mid-stream: writes must go on, events wait in the outbox
	register(requests/3, 2*requests/3)
	st.NATS.Start()
	register(2*requests/3, requests)
	if ok.Load() != requests {
		t.Fatalf("%d of %d requests succeeded", ok.Load(), requests)
	}

	// Every accepted registration announced exactly one AuthKeyIssued event.
	pool, err := pgkit.Open(context.Background(), st.DBURL, sliceSchema)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	deadline := time.Now().Add(90 * time.Second)
	var events, rows, dupes int
	for {
		err := pool.QueryRow(context.Background(), `SELECT count(DISTINCT event_id), count(*), count(*) - count(DISTINCT event_id)
			FROM effects WHERE event_type = 'hellowork.identity.v1.AuthKeyIssued'`).Scan(&events, &rows, &dupes)
		if err == nil && events >= requests {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("consumer handled %d distinct AuthKeyIssued events (%d rows, err %v), want %d", events, rows, err, requests)
		}
		time.Sleep(100 * time.Millisecond) // polling the other process
	}
	t.Logf("METRIC slice_events=%d slice_duplicate_effects=%d slice_drain_s=%.1f", events, dupes, time.Since(start).Seconds())
	if events != requests || dupes != 0 {
		t.Fatalf("events %d (want %d), duplicate effects %d (want 0)", events, requests, dupes)
	}
}
