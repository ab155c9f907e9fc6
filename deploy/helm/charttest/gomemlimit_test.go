package charttest

import (
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// wantGoMemLimit is percent of the quantity q, in whole bytes, rounded down.
func wantGoMemLimit(t *testing.T, q resource.Quantity, percent int64) int64 {
	t.Helper()
	b := new(big.Int).Mul(q.AsDec().UnscaledBig(), big.NewInt(percent))
	// AsDec is unscaled × 10^-scale.
	scale := q.AsDec().Scale()
	div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	if scale < 0 {
		b.Mul(b, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-scale)), nil))
		div = big.NewInt(1)
	}
	b.Quo(b, div.Mul(div, big.NewInt(100)))
	return b.Int64()
}

// checkGoMemLimit (issue 9, H2): every container the chart runs is a Go binary with a
// memory limit, and its GOMEMLIMIT is percent of that limit in bytes, so the garbage
// collector collects before the kernel kills the pod.
func checkGoMemLimit(t *testing.T, objs *objects, percent int64) {
	t.Helper()
	for _, p := range pods(objs) {
		for _, c := range append(append([]corev1.Container{}, p.spec.InitContainers...), p.spec.Containers...) {
			what := p.what + " container " + c.Name
			limit, ok := c.Resources.Limits[corev1.ResourceMemory]
			if !ok {
				t.Errorf("%s: no memory limit", what)
				continue
			}
			var got []string
			for _, e := range c.Env {
				if e.Name == "GOMEMLIMIT" {
					got = append(got, e.Value)
				}
			}
			want := wantGoMemLimit(t, limit, percent)
			if len(got) != 1 || got[0] != strconv.FormatInt(want, 10) {
				t.Errorf("%s: GOMEMLIMIT %q, want [%d] (%d%% of %s)", what, got, want, percent, limit.String())
			}
			if want > limit.Value() {
				t.Errorf("%s: GOMEMLIMIT %d above the limit %s", what, want, limit.String())
			}
		}
	}
}

// goMemLimits renders the chart with extra values and returns GOMEMLIMIT of each
// Deployment's and Job's first container ("-" when unset, joined when repeated).
func goMemLimits(t *testing.T, h *helmCLI, values string) map[string]string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "values.yaml")
	if err := os.WriteFile(p, []byte(values), 0o600); err != nil {
		t.Fatal(err)
	}
	objs := decodeAll(t, h.template(t, "--values", p))
	out := map[string]string{}
	for _, pd := range pods(objs) {
		var vals []string
		for _, e := range pd.spec.Containers[0].Env {
			if e.Name == "GOMEMLIMIT" {
				vals = append(vals, e.Value)
			}
		}
		v := strings.Join(vals, ",")
		if v == "" {
			v = "-"
		}
		out[pd.what] = v
	}
	return out
}

// GOMEMLIMIT follows the memory limit in every unit Kubernetes accepts, steps aside
// for an operator's own GOMEMLIMIT, and is left out when switched off or when there is
// no limit; an unreadable limit fails the render instead of being guessed.
func TestGoMemLimit(t *testing.T) {
	h := newHelm(t)
	er := "Deployment " + fullname("employer-registration")
	gw := "Deployment " + fullname("gateway")
	cases := []struct {
		name, values string
		want         map[string]string
	}{
		{"Gi with a fraction", "employerRegistration:\n  resources:\n    limits: {memory: 1.5Gi}\n",
			map[string]string{er: strconv.FormatInt(1536*1024*1024*9/10, 10)}},
		{"decimal M", "employerRegistration:\n  resources:\n    limits: {memory: 500M}\n",
			map[string]string{er: "450000000"}},
		{"plain bytes", "employerRegistration:\n  resources:\n    limits: {memory: \"268435456\"}\n",
			map[string]string{er: "241591910"}},
		{"other percent", "goMemLimitPercent: 80\n", map[string]string{er: strconv.FormatInt(256*1024*1024*8/10, 10)}},
		{"switched off", "goMemLimitPercent: 0\n", map[string]string{er: "-", gw: "-"}},
		{"the operator's own", "employerRegistration:\n  extraEnv: [{name: GOMEMLIMIT, value: 100MiB}]\n",
			map[string]string{er: "100MiB", gw: strconv.FormatInt(256*1024*1024*9/10, 10)}},
		{"no limit", "gateway:\n  resources:\n    limits: null\n", map[string]string{gw: "-"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := goMemLimits(t, h, c.values)
			for what, want := range c.want {
				if got[what] != want {
					t.Errorf("%s: GOMEMLIMIT %s, want %s", what, got[what], want)
				}
			}
		})
	}
	t.Run("unreadable limit fails the render", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "values.yaml")
		_ = os.WriteFile(p, []byte("gateway:\n  resources:\n    limits: {memory: \"1e9\"}\n"), 0o600)
		_, err := h.cmd("template", release, h.chart, "--namespace", namespace, "--kube-version", kubeVersion, "--values", p)
		if err == nil || !strings.Contains(err.Error(), "GOMEMLIMIT") {
			t.Fatalf("render with memory 1e9: %v", err)
		}
	})
}
