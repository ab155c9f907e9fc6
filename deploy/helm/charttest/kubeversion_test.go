package charttest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestKubeVersion_ClusterTestRunsTheChartMinimum keeps three versions moving together: the
// minimum in Chart.yaml's kubeVersion, the Kubernetes that `make test-deploy-cluster` builds and
// runs (deploy/cluster/versions.env), and the version the offline checks render for. The cluster
// test proves the chart on the oldest Kubernetes it claims to support; raising one without the
// others would leave the claim unproven.
func TestKubeVersion_ClusterTestRunsTheChartMinimum(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "deploy", "helm", "hellowork", "Chart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var chart struct {
		KubeVersion string `json:"kubeVersion"`
	}
	if err := yaml.Unmarshal(raw, &chart); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^>=(\d+)\.(\d+)\.0-0$`).FindStringSubmatch(chart.KubeVersion)
	if m == nil {
		t.Fatalf("Chart.yaml kubeVersion %q: want the form \">=MAJOR.MINOR.0-0\" (a minimum only)", chart.KubeVersion)
	}
	minimum := m[1] + "." + m[2]

	env, err := os.ReadFile(filepath.Join(root, "deploy", "cluster", "versions.env"))
	if err != nil {
		t.Fatal(err)
	}
	cluster := regexp.MustCompile(`(?m)^K8S_VERSION=(\d+\.\d+)\.\d+$`).FindSubmatch(env)
	if cluster == nil {
		t.Fatal("deploy/cluster/versions.env: no K8S_VERSION=MAJOR.MINOR.PATCH line")
	}
	if string(cluster[1]) != minimum {
		t.Errorf("the cluster test runs Kubernetes %s but Chart.yaml declares a minimum of %s: move them together", cluster[1], minimum)
	}
	if got := strings.Join(strings.Split(kubeVersion, ".")[:2], "."); got != minimum {
		t.Errorf("charttest renders for Kubernetes %s but Chart.yaml declares a minimum of %s", kubeVersion, minimum)
	}
}
