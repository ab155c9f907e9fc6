package charttest

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestNATSValues checks deploy/helm/nats-values.yaml, the values operators give the
// official NATS chart, against the JetStream durability rules
// (deploy/README.md, "NATS"): fsync on every write, file storage only, a
// three-server cluster for R3 streams, a server of at least 2.10.23; and that the
// hellowork chart asks for R3 streams.
func TestNATSValues(t *testing.T) {
	raw, err := os.ReadFile("../nats-values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Config struct {
			Cluster struct {
				Enabled  bool `json:"enabled"`
				Replicas int  `json:"replicas"`
			} `json:"cluster"`
			JetStream struct {
				Enabled   bool `json:"enabled"`
				FileStore struct {
					Enabled bool `json:"enabled"`
				} `json:"fileStore"`
				MemoryStore struct {
					Enabled bool `json:"enabled"`
				} `json:"memoryStore"`
				Merge map[string]any `json:"merge"`
			} `json:"jetstream"`
		} `json:"config"`
		Container struct {
			Image struct {
				Tag string `json:"tag"`
			} `json:"image"`
		} `json:"container"`
	}
	if err := yaml.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	js := v.Config.JetStream
	if !js.Enabled || !js.FileStore.Enabled || js.MemoryStore.Enabled {
		t.Error("JetStream must be on with file storage only")
	}
	if js.Merge["sync_interval"] != "always" {
		t.Errorf("jetstream sync_interval = %v, want always", js.Merge["sync_interval"])
	}
	if !v.Config.Cluster.Enabled || v.Config.Cluster.Replicas < 3 {
		t.Error("a cluster of at least 3 servers is needed for R3 streams")
	}
	if !versionAtLeast(v.Container.Image.Tag, 2, 10, 23) {
		t.Errorf("nats image tag %q: want nats-server 2.10.23 or later", v.Container.Image.Tag)
	}

	chart, err := os.ReadFile("../hellowork/values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hv struct {
		NATS struct {
			StreamReplicas int `json:"streamReplicas"`
		} `json:"nats"`
	}
	if err := yaml.Unmarshal(chart, &hv); err != nil {
		t.Fatal(err)
	}
	if hv.NATS.StreamReplicas != 3 {
		t.Errorf("hellowork chart nats.streamReplicas = %d, want 3 in production", hv.NATS.StreamReplicas)
	}
}

func versionAtLeast(tag string, want ...int) bool {
	v, _, _ := strings.Cut(tag, "-")
	parts := strings.Split(v, ".")
	for i, w := range want {
		if i >= len(parts) {
			return false
		}
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return false
		}
		if n != w {
			return n > w
		}
	}
	return true
}
