package charttest

import (
	"slices"
	"sort"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	"sigs.k8s.io/yaml"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// checkRevisions renders the migration Jobs as an install (revision 1) and two upgrades
// through Helm's engine, since `helm template` always renders revision 1: each revision
// gets Jobs of its own (a Job's pod template is immutable, and an upgrade must not find
// the previous revision's completed Job under the same name).
func checkRevisions(t *testing.T, chartDir string) {
	t.Helper()
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	caps := chartutil.DefaultCapabilities.Copy()
	caps.KubeVersion = chartutil.KubeVersion{Version: "v" + kubeVersion, Major: "1", Minor: strings.Split(kubeVersion, ".")[1]}
	seen := map[string]int{}
	for rev := 1; rev <= 3; rev++ {
		vals, err := chartutil.ToRenderValues(ch, map[string]any{}, chartutil.ReleaseOptions{
			Name: release, Namespace: namespace, Revision: rev, IsInstall: rev == 1, IsUpgrade: rev > 1,
		}, caps)
		if err != nil {
			t.Fatal(err)
		}
		out, err := engine.Render(ch, vals)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for file, text := range out {
			if !strings.HasSuffix(file, ".yaml") {
				continue
			}
			for _, doc := range docSep.Split(text, -1) {
				var j batchv1.Job
				if err := yaml.Unmarshal([]byte(doc), &j); err != nil || j.Kind != "Job" {
					continue
				}
				names = append(names, j.Name)
			}
		}
		sort.Strings(names)
		// One migration Job per enabled service with a schema (every default component but the gateway).
		if want := len(defaultComponents) - 1; len(names) != want {
			t.Fatalf("revision %d: %d migration Jobs %v, want %d", rev, len(names), names, want)
		}
		if len(slices.Compact(slices.Clone(names))) != len(names) {
			t.Errorf("revision %d: duplicate Job names %v", rev, names)
		}
		for _, n := range names {
			if r, dup := seen[n]; dup {
				t.Errorf("Job %s is rendered by revisions %d and %d", n, r, rev)
			}
			seen[n] = rev
		}
	}
}
