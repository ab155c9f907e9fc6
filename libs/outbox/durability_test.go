package outbox

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
	"go.yaml.in/yaml/v3"
)

// minNATSServer is the oldest nats-server with the JetStream durability fixes the
// Jepsen analysis (Dec 2025) relies on (deploy/README.md, "NATS").
var minNATSServer = [3]int{2, 10, 23}

// TestConfig_JetStreamDurability checks the NATS configuration `make run` and deploy/
// use, and the stream configuration the services declare (deploy/README.md, "NATS"):
// fsync on every write, file storage, R3 in Kubernetes, a duplicate window
// longer than the relay's retry horizon, a MaxAge, and a pinned server ≥ 2.10.23.
func TestConfig_JetStreamDurability(t *testing.T) {
	root := filepath.Join("..", "..")

	// Local server config used by make run / make deps.
	local, err := server.ProcessConfigFile(filepath.Join(root, "deploy", "local", "nats.conf"))
	if err != nil {
		t.Fatalf("deploy/local/nats.conf: %v", err)
	}
	if !local.JetStream {
		t.Error("deploy/local/nats.conf: jetstream is not enabled")
	}
	if !local.SyncAlways {
		t.Error("deploy/local/nats.conf: jetstream.sync_interval is not `always`: acknowledged events can be lost on power failure")
	}
	if local.StoreDir == "" {
		t.Error("deploy/local/nats.conf: no store_dir (file storage would land in a temp dir)")
	}

	// Helm values for the official NATS chart.
	raw, err := os.ReadFile(filepath.Join(root, "deploy", "helm", "nats-values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var helm struct {
		Config struct {
			Cluster struct {
				Enabled  bool `yaml:"enabled"`
				Replicas int  `yaml:"replicas"`
			} `yaml:"cluster"`
			JetStream struct {
				Enabled   bool `yaml:"enabled"`
				FileStore struct {
					Enabled bool `yaml:"enabled"`
					PVC     struct {
						Enabled bool `yaml:"enabled"`
					} `yaml:"pvc"`
				} `yaml:"fileStore"`
				MemoryStore struct {
					Enabled bool `yaml:"enabled"`
				} `yaml:"memoryStore"`
				Merge map[string]any `yaml:"merge"`
			} `yaml:"jetstream"`
		} `yaml:"config"`
		Container struct {
			Image struct {
				Tag string `yaml:"tag"`
			} `yaml:"image"`
		} `yaml:"container"`
	}
	if err := yaml.Unmarshal(raw, &helm); err != nil {
		t.Fatalf("deploy/helm/nats-values.yaml: %v", err)
	}
	js := helm.Config.JetStream
	if !helm.Config.Cluster.Enabled || helm.Config.Cluster.Replicas < 3 {
		t.Errorf("helm: cluster enabled=%v replicas=%d, want a cluster of ≥ 3 for R3 streams", helm.Config.Cluster.Enabled, helm.Config.Cluster.Replicas)
	}
	if !js.Enabled || !js.FileStore.Enabled || !js.FileStore.PVC.Enabled {
		t.Errorf("helm: jetstream=%v fileStore=%v pvc=%v, want file storage on a persistent volume", js.Enabled, js.FileStore.Enabled, js.FileStore.PVC.Enabled)
	}
	if js.MemoryStore.Enabled {
		t.Error("helm: memoryStore is enabled; events must only live in file storage")
	}
	if v := fmt.Sprint(js.Merge["sync_interval"]); v != "always" {
		t.Errorf("helm: jetstream.merge.sync_interval = %q, want always", v)
	}

	// The hellowork chart renders nats.streamReplicas as NATS_STREAM_REPLICAS, which the
	// runner passes to EnsureStream (WithReplicas).
	raw, err = os.ReadFile(filepath.Join(root, "deploy", "helm", "hellowork", "values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var chart struct {
		NATS struct {
			StreamReplicas int `yaml:"streamReplicas"`
		} `yaml:"nats"`
	}
	if err := yaml.Unmarshal(raw, &chart); err != nil {
		t.Fatalf("deploy/helm/hellowork/values.yaml: %v", err)
	}
	if chart.NATS.StreamReplicas < 3 || chart.NATS.StreamReplicas > helm.Config.Cluster.Replicas {
		t.Errorf("hellowork chart: nats.streamReplicas = %d, want 3 (≤ NATS cluster size %d)", chart.NATS.StreamReplicas, helm.Config.Cluster.Replicas)
	}

	// Streams declared by the services (R1 locally, R3 with nats.streamReplicas: 3).
	relay := RelayOptions{}.withDefaults()
	// A failed publish is retried after at most MaxBackoff, and a publish waits at most
	// PublishTimeout for its acks: a re-publish of the same row lands within their sum.
	horizon := relay.PublishTimeout + relay.MaxBackoff
	for _, c := range []struct {
		name     string
		cfg      jetstream.StreamConfig
		replicas int
	}{
		{"local", StreamConfig("identity"), 1},
		{"kubernetes", StreamConfig("identity", WithReplicas(chart.NATS.StreamReplicas)), 3},
	} {
		if c.cfg.Storage != jetstream.FileStorage {
			t.Errorf("%s stream: storage %v, want file", c.name, c.cfg.Storage)
		}
		if c.cfg.Replicas != c.replicas {
			t.Errorf("%s stream: replicas %d, want %d", c.name, c.cfg.Replicas, c.replicas)
		}
		if c.cfg.Duplicates < 2*horizon {
			t.Errorf("%s stream: duplicate window %v < 2 × relay retry horizon %v", c.name, c.cfg.Duplicates, horizon)
		}
		if c.cfg.MaxAge <= 0 || c.cfg.MaxAge > 90*24*time.Hour {
			t.Errorf("%s stream: MaxAge %v, want set and ≤ 90 days", c.name, c.cfg.MaxAge)
		}
	}

	// Pinned server versions: the embedded one (libs/go.mod), the local binary
	// (deploy/local/tools/go.mod) and the Kubernetes image.
	versions := map[string]string{"libs (linked)": server.VERSION}
	for _, mod := range []string{filepath.Join(root, "libs", "go.mod"), filepath.Join(root, "deploy", "local", "tools", "go.mod")} {
		b, err := os.ReadFile(mod)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`github\.com/nats-io/nats-server/v2 v(\S+)`).FindSubmatch(b)
		if m == nil {
			t.Errorf("%s: nats-server/v2 is not pinned", mod)
			continue
		}
		versions[mod] = string(m[1])
	}
	versions["helm image"] = helm.Container.Image.Tag
	for where, v := range versions {
		if !atLeast(v, minNATSServer) {
			t.Errorf("%s: nats-server %q < %d.%d.%d", where, v, minNATSServer[0], minNATSServer[1], minNATSServer[2])
		}
	}
	k8s := StreamConfig("identity", WithReplicas(chart.NATS.StreamReplicas))
	t.Logf("METRIC jetstream_durability local_sync_always=%v helm_sync_interval=%v helm_cluster_replicas=%d stream_storage=%v stream_replicas_k8s=%d duplicate_window_s=%.0f relay_retry_horizon_s=%.0f max_age_h=%.0f server_version=%s tools_version=%s helm_tag=%s",
		local.SyncAlways, js.Merge["sync_interval"], helm.Config.Cluster.Replicas, k8s.Storage, k8s.Replicas,
		k8s.Duplicates.Seconds(), horizon.Seconds(), k8s.MaxAge.Hours(), server.VERSION,
		versions[filepath.Join(root, "deploy", "local", "tools", "go.mod")], helm.Container.Image.Tag)
}

// atLeast reports whether version ("2.15.2", "v2.11.0-rc.1", "2.15.2-alpine") is ≥ min.
func atLeast(version string, min [3]int) bool {
	m := regexp.MustCompile(`^v?(\d+)\.(\d+)\.(\d+)`).FindStringSubmatch(version)
	if m == nil {
		return false
	}
	for i := range 3 {
		n, _ := strconv.Atoi(m[i+1])
		if n != min[i] {
			return n > min[i]
		}
	}
	return true
}

func TestAtLeast_ComparesSemanticVersions(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"2.10.23", true}, {"2.10.22", false}, {"2.9.10", false}, {"v2.11.0", true},
		{"2.15.2-alpine", true}, {"3.0.0", true}, {"latest", false}, {"", false},
	} {
		if got := atLeast(c.v, minNATSServer); got != c.want {
			t.Errorf("atLeast(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}
