package outbox

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// TestRelay_TwoReplicasPublishEachEventOnce: two relays (two pools, as two pods of a
// service) drain one outbox while writers commit. Each row is claimed by one relay
// (FOR UPDATE SKIP LOCKED, held until its PubAck and delete), so every event is
// published once: no copy stored twice, and no publish the server had to drop as a
// duplicate (which a second relay publishing the same row would cause).
func TestRelay_TwoReplicasPublishEachEventOnce(t *testing.T) {
	const writers, perWriter = 8, 250
	const total = writers * perWriter
	_, _, js := broker(t)
	ctx := context.Background()
	var regs []*prometheus.Registry
	var pool0 = schemaPool(t, "t_relayreplicas", 10)
	for i := range 2 {
		pool := pool0
		if i > 0 {
			pool = schemaPool(t, "t_relayreplicas", 10)
		}
		reg := prometheus.NewRegistry()
		regs = append(regs, reg)
		runBackground(t, NewRelay(pool, js, zap.NewNop(), RelayOptions{PollInterval: 50 * time.Millisecond, BatchSize: 50,
			Registerer: reg}).Run)
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				e := mustEvent(t, fmt.Sprintf("r%02d", w), int64(i+1), "replicas")
				if err := pgkit.WithTx(ctx, pool0, func(tx pgx.Tx) error { return Append(ctx, tx, e) }); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	eventually(t, 60*time.Second, "the outbox to drain", func() bool {
		var n int
		return pool0.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&n) == nil && n == 0
	})
	ids := streamIDs(t, js)
	stored := 0
	for _, n := range ids {
		stored += n
	}
	var published, dups [2]float64
	for i, reg := range regs {
		published[i] = metricValue(t, reg, "hellowork_outbox_published_total", nil)
		dups[i] = metricValue(t, reg, "hellowork_outbox_publish_duplicates_total", nil)
	}
	if len(ids) != total || stored != total || published[0]+published[1] != total || dups[0]+dups[1] != 0 {
		t.Fatalf("distinct=%d stored=%d published=%v server-side duplicates=%v; want %d, %d, %d in all, none",
			len(ids), stored, published, dups, total, total, total)
	}
	t.Logf("published by relay 1: %.0f, relay 2: %.0f", published[0], published[1])
}
