// Package charttest proves the Helm chart in deploy/helm/hellowork against the
// properties deploy/README.md promises operators ("Checking the chart") without a
// cluster: it runs the
// pinned helm binary (helm lint, helm template with default values and with every
// option on), decodes every rendered object strictly into the k8s.io/api types (an
// unknown or misspelt field fails), and asserts the properties operators rely on.
// The release revision is varied through the Helm SDK's engine, which the CLI cannot do
// offline.
//
// Run it with `make test-deploy`, which builds bin/helm first (deploy/helm/tools).
// The module is kept out of go.work so Helm's dependencies stay out of the services.
package charttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"
)

const (
	release   = "hw"
	namespace = "hellowork"
	// The pinned helm is built without the release ldflags, so its default Kubernetes
	// version is 1.20; the chart needs the minimum in Chart.yaml (TestKubeVersion_...).
	kubeVersion = "1.34.0"
)

// Components the chart deploys by default, by component name.
var defaultComponents = []string{"applicant-selection", "employer-registration", "gateway", "identity", "job-posting", "notification"}

// Variables that hold secrets: they must come from the operator's Secret (secretKeyRef),
// never from a literal value or a ConfigMap.
var secretVars = []string{"CREATION_CODE_HASH_KEY", "DATABASE_URL", "EVENT_SEALING_KEY", "HASH_PEPPER", "MIGRATION_DATABASE_URL", "NATS_NKEY_SEED", "SMTP_URL", "TOKEN_SIGNING_KEY"}

// requiredEnv lists, per component, what the process needs in a cluster beyond the
// variables its config structs mark `required` (found by requiredFromSource): those
// enforced in Validate or at start-up, and those whose code default (127.0.0.1) is
// meaningless in a pod.
var requiredEnv = map[string][]string{
	"gateway":               {"HTTP_ADDR", "IDENTITY_ADDR", "EMPLOYER_REGISTRATION_ADDR", "NOTIFICATION_ADDR", "JOB_POSTING_ADDR", "APPLICANT_SELECTION_ADDR"},
	"identity":              {"GRPC_ADDR", "DATABASE_URL", "NATS_URL", "NATS_NKEY_SEED", "EVENT_SEALING_KEY", "HASH_PEPPER", "TOKEN_SIGNING_KEY", "EMPLOYER_REGISTRATION_ADDR", "APPLICANT_SELECTION_ADDR", "TRUSTED_PROXIES"},
	"employer-registration": {"GRPC_ADDR", "DATABASE_URL", "NATS_URL", "NATS_NKEY_SEED", "CREATION_CODE_HASH_KEY", "TOKEN_JWKS_ADDR"},
	"notification":          {"GRPC_ADDR", "DATABASE_URL", "NATS_URL", "NATS_NKEY_SEED", "EVENT_SEALING_KEY", "SMTP_URL", "TOKEN_JWKS_ADDR"},
	"job-posting":           {"GRPC_ADDR", "DATABASE_URL", "NATS_URL", "NATS_NKEY_SEED", "TOKEN_JWKS_ADDR", "APPLICANT_SELECTION_ADDR"},
	"applicant-selection":   {"GRPC_ADDR", "DATABASE_URL", "NATS_URL", "NATS_NKEY_SEED", "TOKEN_JWKS_ADDR"},
}

// runtimeEnv are variables the Go runtime reads, not the services' config structs.
var runtimeEnv = map[string]bool{"GOMEMLIMIT": true}

// pendingEnv are variables the chart sets ahead of the code that reads them; see
// deploy/README.md ("NATS"). Remove an entry once a config struct declares it.
var pendingEnv = map[string]string{}

func TestChart(t *testing.T) {
	start := time.Now()
	h := newHelm(t)

	t.Run("lint", func(t *testing.T) {
		h.run(t, "lint", "--strict", "--kube-version", kubeVersion, h.chart)
		h.run(t, "lint", "--strict", "--kube-version", kubeVersion, h.chart, "--values", h.fullValues(t))
	})

	def := decodeAll(t, h.template(t))
	full := decodeAll(t, h.template(t, "--values", h.fullValues(t)))

	for _, tc := range []struct {
		name string
		objs *objects
		hpa  bool
	}{{"default", def, false}, {"full", full, true}} {
		t.Run(tc.name, func(t *testing.T) {
			checkComponents(t, tc.objs, defaultComponents)
			checkPods(t, tc.objs)
			checkDeployments(t, tc.objs, tc.hpa)
			checkServices(t, tc.objs)
			checkPDBs(t, tc.objs)
			checkNoSecretValues(t, tc.objs)
			checkEnv(t, tc.objs)
			checkMigrationJobs(t, tc.objs, 1)
			checkGoMemLimit(t, tc.objs, 90)
		})
	}
	t.Run("default/scale-out", func(t *testing.T) { checkScaleOut(t, def, false) })
	t.Run("full/scale-out", func(t *testing.T) { checkScaleOut(t, full, true) })
	t.Run("full/autoscaling", func(t *testing.T) { checkHPAs(t, full) })
	t.Run("full/servicemonitors", func(t *testing.T) { checkServiceMonitors(t, full) })
	t.Run("full/networkpolicies", func(t *testing.T) {
		checkNetworkPolicies(t, full)
		checkSeekerPortalIngress(t, full, "seeker-portal")
	})
	// M2: a pod in the cluster reaches a service only where the suite needs it, out of
	// the box (deploy/README.md, "Network policies").
	t.Run("default/networkpolicies", func(t *testing.T) {
		checkNetworkPolicies(t, def)
		checkSeekerPortalIngress(t, def, "")
	})
	t.Run("default/optional-objects-off", func(t *testing.T) {
		for _, k := range []string{"HorizontalPodAutoscaler", "ServiceMonitor"} {
			if n := len(def.ofKind(k)); n != 0 {
				t.Errorf("default values render %d %s objects; they must be opt-in", n, k)
			}
		}
	})
	t.Run("checksums", func(t *testing.T) { checkChecksums(t, h, def) })
	t.Run("schema", func(t *testing.T) { checkSchema(t, h) })
	t.Run("revisions", func(t *testing.T) { checkRevisions(t, h.chart) })
	t.Logf("chart checks took %v", time.Since(start).Round(time.Millisecond))
}

// ---------------------------------------------------------------- helm

type helmCLI struct {
	bin, chart, root string
}

func newHelm(t *testing.T) *helmCLI {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := os.Getenv("HELM")
	if bin == "" {
		bin = filepath.Join(root, "bin", "helm")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("helm not found at %s: run `make test-deploy` (it builds the pinned helm from deploy/helm/tools), or set HELM", bin)
	}
	return &helmCLI{bin: bin, chart: filepath.Join(root, "deploy", "helm", "hellowork"), root: root}
}

func (h *helmCLI) cmd(args ...string) ([]byte, error) {
	cmd := exec.Command(h.bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// Keep helm away from the user's repositories, plugins and caches.
	tmp := os.TempDir()
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+tmp, "HELM_CONFIG_HOME="+tmp, "HELM_DATA_HOME="+tmp)
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("helm %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

func (h *helmCLI) run(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := h.cmd(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (h *helmCLI) template(t *testing.T, extra ...string) []byte {
	t.Helper()
	args := append([]string{"template", release, h.chart, "--namespace", namespace, "--kube-version", kubeVersion}, extra...)
	return h.run(t, args...)
}

// fullValues turns every optional object on: HPAs, NetworkPolicies (with narrowed
// peers), ServiceMonitors.
func (h *helmCLI) fullValues(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "full.yaml")
	const v = `
existingSecret: hellowork-prod
autoscaling:
  enabled: true
serviceMonitor:
  enabled: true
  labels: {release: prometheus}
networkPolicy:
  enabled: true
  gatewayIngressFrom:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
  metricsFrom:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: monitoring}
  postgres:
    to: [{ipBlock: {cidr: 10.20.0.0/16}}]
    ports: [5432]
  nats:
    to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: nats}}}]
    ports: [4222]
  smtp:
    to: [{ipBlock: {cidr: 192.0.2.25/32}}]
    ports: [587]
  seekerPortalFrom:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: seeker-portal}
`
	if err := os.WriteFile(p, []byte(v), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// ---------------------------------------------------------------- decoding

type object struct {
	kind, name string
	obj        any
}

type objects struct {
	all []object
}

func (o *objects) ofKind(kind string) []object {
	var out []object
	for _, x := range o.all {
		if x.kind == kind {
			out = append(out, x)
		}
	}
	return out
}

func (o *objects) get(kind, name string) any {
	for _, x := range o.all {
		if x.kind == kind && x.name == name {
			return x.obj
		}
	}
	return nil
}

// The kinds the chart may render, with their API version and Go type.
var kinds = map[string]struct {
	apiVersion string
	new        func() any
}{
	"ConfigMap":               {"v1", func() any { return &corev1.ConfigMap{} }},
	"Service":                 {"v1", func() any { return &corev1.Service{} }},
	"ServiceAccount":          {"v1", func() any { return &corev1.ServiceAccount{} }},
	"Deployment":              {"apps/v1", func() any { return &appsv1.Deployment{} }},
	"Job":                     {"batch/v1", func() any { return &batchv1.Job{} }},
	"PodDisruptionBudget":     {"policy/v1", func() any { return &policyv1.PodDisruptionBudget{} }},
	"HorizontalPodAutoscaler": {"autoscaling/v2", func() any { return &autoscalingv2.HorizontalPodAutoscaler{} }},
	"NetworkPolicy":           {"networking.k8s.io/v1", func() any { return &networkingv1.NetworkPolicy{} }},
	"ServiceMonitor":          {"monitoring.coreos.com/v1", func() any { return &serviceMonitor{} }},
}

// serviceMonitor holds the fields of monitoring.coreos.com/v1 ServiceMonitor the chart
// uses (names as in the CRD); prometheus-operator's Go types would pull
// controller-runtime into this module.
type serviceMonitor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Selector          metav1.LabelSelector `json:"selector"`
		NamespaceSelector struct {
			MatchNames []string `json:"matchNames,omitempty"`
		} `json:"namespaceSelector"`
		Endpoints []struct {
			Port          string `json:"port"`
			Path          string `json:"path"`
			Scheme        string `json:"scheme"`
			Interval      string `json:"interval"`
			ScrapeTimeout string `json:"scrapeTimeout"`
		} `json:"endpoints"`
	} `json:"spec"`
}

var docSep = regexp.MustCompile(`(?m)^---[ \t]*$`)

func decodeAll(t *testing.T, manifest []byte) *objects {
	t.Helper()
	out := &objects{}
	seen := map[string]bool{}
	for _, doc := range docSep.Split(string(manifest), -1) {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal([]byte(doc), &tm); err != nil {
			t.Fatalf("not YAML: %v\n%s", err, doc)
		}
		k, ok := kinds[tm.Kind]
		if !ok {
			t.Fatalf("the chart renders a %s %s; only %v are expected (a Secret never is)", tm.APIVersion, tm.Kind, sortedKeys(kinds))
		}
		if tm.APIVersion != k.apiVersion {
			t.Errorf("%s uses apiVersion %s, want %s", tm.Kind, tm.APIVersion, k.apiVersion)
		}
		obj := k.new()
		if err := yaml.UnmarshalStrict([]byte(doc), obj); err != nil {
			t.Fatalf("%s does not decode strictly into its Kubernetes type: %v\n%s", tm.Kind, err, doc)
		}
		meta := obj.(metav1.Object)
		if meta.GetNamespace() != namespace {
			t.Errorf("%s %s: namespace %q, want %q", tm.Kind, meta.GetName(), meta.GetNamespace(), namespace)
		}
		if len(meta.GetName()) > 63 {
			t.Errorf("%s %s: name longer than 63 characters", tm.Kind, meta.GetName())
		}
		id := tm.Kind + "/" + meta.GetName()
		if seen[id] {
			t.Errorf("%s rendered twice", id)
		}
		seen[id] = true
		out.all = append(out.all, object{kind: tm.Kind, name: meta.GetName(), obj: obj})
	}
	if len(out.all) == 0 {
		t.Fatal("helm template rendered nothing")
	}
	return out
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------- checks

func component(o metav1.Object) string { return o.GetLabels()["app.kubernetes.io/component"] }

func fullname(c string) string { return release + "-hellowork-" + c }

func checkComponents(t *testing.T, objs *objects, want []string) {
	t.Helper()
	var got []string
	for _, d := range objs.ofKind("Deployment") {
		got = append(got, component(d.obj.(*appsv1.Deployment)))
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("Deployments for %v, want %v (every service is enabled by default)", got, want)
	}
}

type podOf struct {
	what string
	spec *corev1.PodSpec
}

func pods(objs *objects) []podOf {
	var out []podOf
	for _, d := range objs.ofKind("Deployment") {
		out = append(out, podOf{"Deployment " + d.name, &d.obj.(*appsv1.Deployment).Spec.Template.Spec})
	}
	for _, j := range objs.ofKind("Job") {
		out = append(out, podOf{"Job " + j.name, &j.obj.(*batchv1.Job).Spec.Template.Spec})
	}
	return out
}

// checkPods asserts the "restricted" Pod Security Standard and the checklist's pod
// settings on every pod the chart runs, migration Jobs included.
func checkPods(t *testing.T, objs *objects) {
	t.Helper()
	for _, p := range pods(objs) {
		s := p.spec
		psc := s.SecurityContext
		if psc == nil {
			t.Errorf("%s: no pod securityContext", p.what)
			psc = &corev1.PodSecurityContext{}
		}
		if s.AutomountServiceAccountToken == nil || *s.AutomountServiceAccountToken {
			t.Errorf("%s: automountServiceAccountToken must be false", p.what)
		}
		if s.EnableServiceLinks == nil || *s.EnableServiceLinks {
			t.Errorf("%s: enableServiceLinks must be false", p.what)
		}
		if s.HostNetwork || s.HostPID || s.HostIPC {
			t.Errorf("%s: host namespaces are not allowed", p.what)
		}
		for _, v := range s.Volumes {
			if v.HostPath != nil {
				t.Errorf("%s: hostPath volume %s", p.what, v.Name)
			}
		}
		if len(s.InitContainers)+len(s.Containers) == 0 {
			t.Errorf("%s: no containers", p.what)
		}
		for _, c := range append(slices.Clone(s.InitContainers), s.Containers...) {
			what := p.what + " container " + c.Name
			csc := c.SecurityContext
			if csc == nil {
				t.Errorf("%s: no securityContext", what)
				continue
			}
			if !isTrue(csc.RunAsNonRoot) && !isTrue(psc.RunAsNonRoot) {
				t.Errorf("%s: runAsNonRoot must be true", what)
			}
			if uid := firstNonNil(csc.RunAsUser, psc.RunAsUser); uid != nil && *uid == 0 {
				t.Errorf("%s: runs as uid 0", what)
			}
			if csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation {
				t.Errorf("%s: allowPrivilegeEscalation must be false", what)
			}
			if !isTrue(csc.ReadOnlyRootFilesystem) {
				t.Errorf("%s: readOnlyRootFilesystem must be true", what)
			}
			if isTrue(csc.Privileged) {
				t.Errorf("%s: privileged", what)
			}
			if csc.Capabilities == nil || !slices.Contains(csc.Capabilities.Drop, "ALL") || len(csc.Capabilities.Add) > 0 {
				t.Errorf("%s: capabilities must drop ALL and add none", what)
			}
			sp := csc.SeccompProfile
			if sp == nil {
				sp = psc.SeccompProfile
			}
			if sp == nil || sp.Type != corev1.SeccompProfileTypeRuntimeDefault {
				t.Errorf("%s: seccompProfile must be RuntimeDefault", what)
			}
			for _, port := range c.Ports {
				if port.HostPort != 0 {
					t.Errorf("%s: hostPort %d", what, port.HostPort)
				}
			}
		}
	}
}

func isTrue(b *bool) bool { return b != nil && *b }

func firstNonNil[T any](vs ...*T) *T {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

func containerPort(c *corev1.Container, name string) (int32, bool) {
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort, true
		}
	}
	return 0, false
}

func checkDeployments(t *testing.T, objs *objects, hpaOn bool) {
	t.Helper()
	for _, x := range objs.ofKind("Deployment") {
		d := x.obj.(*appsv1.Deployment)
		comp := component(d)
		what := "Deployment " + d.Name
		if hpaOn && d.Spec.Replicas != nil {
			t.Errorf("%s: replicas must be omitted when its HPA is on (it would fight the autoscaler on every upgrade)", what)
		}
		if !hpaOn && d.Spec.Replicas == nil {
			t.Errorf("%s: replicas missing", what)
		}
		if d.Spec.Selector == nil || !subset(d.Spec.Selector.MatchLabels, d.Spec.Template.Labels) {
			t.Errorf("%s: selector does not match its pod labels", what)
		}
		for _, a := range []string{"checksum/config", "checksum/secret"} {
			if len(d.Spec.Template.Annotations[a]) != 64 {
				t.Errorf("%s: pod annotation %s missing", what, a)
			}
		}
		spec := d.Spec.Template.Spec
		if len(spec.Containers) != 1 {
			t.Fatalf("%s: %d containers, want 1", what, len(spec.Containers))
		}
		c := &spec.Containers[0]
		if _, ok := containerPort(c, "metrics"); !ok {
			t.Errorf("%s: no port named metrics", what)
		}
		grpcPort, isGRPC := containerPort(c, "grpc")
		_, isHTTP := containerPort(c, "http")
		if isGRPC == isHTTP {
			t.Errorf("%s: want exactly one of the ports grpc (services) and http (gateway)", what)
		}
		if c.StartupProbe == nil || c.ReadinessProbe == nil || c.LivenessProbe == nil {
			t.Errorf("%s: startup, readiness and liveness probes are all required", what)
			continue
		}
		if comp == "gateway" {
			for _, p := range []struct {
				probe *corev1.Probe
				path  string
			}{{c.ReadinessProbe, "/readyz"}, {c.LivenessProbe, "/healthz"}, {c.StartupProbe, "/healthz"}} {
				if p.probe.HTTPGet == nil || p.probe.HTTPGet.Path != p.path || p.probe.HTTPGet.Port != intstr.FromString("http") {
					t.Errorf("%s: want an HTTP probe on http %s, got %+v", what, p.path, p.probe.ProbeHandler)
				}
			}
		} else {
			for _, p := range []struct {
				probe   *corev1.Probe
				service string
			}{{c.ReadinessProbe, "readiness"}, {c.LivenessProbe, "liveness"}, {c.StartupProbe, "liveness"}} {
				g := p.probe.GRPC
				if g == nil || g.Port != grpcPort || g.Service == nil || *g.Service != p.service {
					t.Errorf("%s: want a native gRPC probe on port %d, health service %q; got %+v", what, grpcPort, p.service, p.probe.ProbeHandler)
				}
			}
		}
		if c.StartupProbe.FailureThreshold*c.StartupProbe.PeriodSeconds < 60 {
			t.Errorf("%s: the startup probe allows under 60 s for migrations and connecting", what)
		}
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
			t.Errorf("%s: preStop sleep missing (distroless has no shell, so exec sleep cannot work)", what)
			continue
		}
		grace := spec.TerminationGracePeriodSeconds
		if grace == nil {
			t.Errorf("%s: terminationGracePeriodSeconds must be explicit", what)
			continue
		}
		drain := 20 * time.Second // the gateway's fixed http.Server.Shutdown timeout
		if comp != "gateway" {
			env := resolveEnv(t, objs, what, c)
			v, err := time.ParseDuration(env["SHUTDOWN_TIMEOUT"].value)
			if err != nil {
				t.Errorf("%s: SHUTDOWN_TIMEOUT %q: %v", what, env["SHUTDOWN_TIMEOUT"].value, err)
			}
			drain = v
		}
		need := time.Duration(c.Lifecycle.PreStop.Sleep.Seconds)*time.Second + drain
		if time.Duration(*grace)*time.Second <= need {
			t.Errorf("%s: terminationGracePeriodSeconds %d must exceed preStop sleep + drain (%v)", what, *grace, need)
		}
		if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s: memory request and limit expected", what)
		}
	}
}

func subset(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

func deploymentOf(objs *objects, comp string) *appsv1.Deployment {
	d, _ := objs.get("Deployment", fullname(comp)).(*appsv1.Deployment)
	return d
}

func checkServices(t *testing.T, objs *objects) {
	t.Helper()
	for _, x := range objs.ofKind("Deployment") {
		d := x.obj.(*appsv1.Deployment)
		svc, _ := objs.get("Service", d.Name).(*corev1.Service)
		if svc == nil {
			t.Errorf("no Service for Deployment %s", d.Name)
			continue
		}
		if !subset(svc.Spec.Selector, d.Spec.Template.Labels) {
			t.Errorf("Service %s does not select the pods of %s", svc.Name, d.Name)
		}
		c := &d.Spec.Template.Spec.Containers[0]
		for _, p := range svc.Spec.Ports {
			if _, ok := containerPort(c, p.TargetPort.String()); !ok {
				t.Errorf("Service %s port %s targets %q, which the container does not name", svc.Name, p.Name, p.TargetPort.String())
			}
			if p.Name == "grpc" && (p.AppProtocol == nil || *p.AppProtocol != "kubernetes.io/h2c") {
				t.Errorf("Service %s: the grpc port needs appProtocol kubernetes.io/h2c", svc.Name)
			}
		}
	}
}

func checkPDBs(t *testing.T, objs *objects) {
	t.Helper()
	for _, x := range objs.ofKind("Deployment") {
		d := x.obj.(*appsv1.Deployment)
		pdb, _ := objs.get("PodDisruptionBudget", d.Name).(*policyv1.PodDisruptionBudget)
		if pdb == nil {
			t.Errorf("no PodDisruptionBudget for %s", d.Name)
			continue
		}
		if pdb.Spec.MinAvailable != nil || pdb.Spec.MaxUnavailable == nil || *pdb.Spec.MaxUnavailable != intstr.FromInt32(1) {
			t.Errorf("PDB %s: want maxUnavailable 1 and no minAvailable (never blocks a drain at one replica)", pdb.Name)
		}
		if pdb.Spec.Selector == nil || !subset(pdb.Spec.Selector.MatchLabels, d.Spec.Template.Labels) {
			t.Errorf("PDB %s does not select the pods of %s", pdb.Name, d.Name)
		}
	}
}

// checkScaleOut: out of the box every component runs two replicas (or an HPA with at
// least two), so a drain, a rollout or a lost node never takes one down; their
// placement is spread over nodes and zones only as a preference, so a one-node cluster
// still schedules both (the scheduled jobs run once across replicas: libs/pgkit.JobLock).
func checkScaleOut(t *testing.T, objs *objects, hpaOn bool) {
	t.Helper()
	for _, x := range objs.ofKind("Deployment") {
		d := x.obj.(*appsv1.Deployment)
		if hpaOn {
			hpa, _ := objs.get("HorizontalPodAutoscaler", d.Name).(*autoscalingv2.HorizontalPodAutoscaler)
			if hpa == nil || hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 2 {
				t.Errorf("%s: its HPA must keep at least two replicas", d.Name)
			}
		} else if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
			t.Errorf("%s: %v replicas by default, want 2", d.Name, d.Spec.Replicas)
		}
		spec := d.Spec.Template.Spec
		keys := map[string]bool{}
		for _, c := range spec.TopologySpreadConstraints {
			keys[c.TopologyKey] = true
			if c.WhenUnsatisfiable != corev1.ScheduleAnyway {
				t.Errorf("%s: topology spread on %s is %s; a required spread leaves a replica Pending on a one-node or one-zone cluster", d.Name, c.TopologyKey, c.WhenUnsatisfiable)
			}
			if c.LabelSelector == nil || !subset(c.LabelSelector.MatchLabels, d.Spec.Template.Labels) {
				t.Errorf("%s: topology spread on %s does not select its own pods", d.Name, c.TopologyKey)
			}
		}
		if !keys["kubernetes.io/hostname"] || !keys["topology.kubernetes.io/zone"] {
			t.Errorf("%s: replicas not spread over nodes and zones: %v", d.Name, keys)
		}
		if a := spec.Affinity; a != nil && a.PodAntiAffinity != nil && len(a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution) > 0 {
			t.Errorf("%s: required pod anti-affinity (use a preferred one)", d.Name)
		}
	}
}

func checkHPAs(t *testing.T, objs *objects) {
	t.Helper()
	for _, x := range objs.ofKind("Deployment") {
		hpa, _ := objs.get("HorizontalPodAutoscaler", x.name).(*autoscalingv2.HorizontalPodAutoscaler)
		if hpa == nil {
			t.Errorf("autoscaling on, but no HPA for %s", x.name)
			continue
		}
		ref := hpa.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.Name != x.name || ref.APIVersion != "apps/v1" {
			t.Errorf("HPA %s targets %+v", hpa.Name, ref)
		}
		if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 1 || hpa.Spec.MaxReplicas < *hpa.Spec.MinReplicas || len(hpa.Spec.Metrics) == 0 {
			t.Errorf("HPA %s: bad bounds or no metrics", hpa.Name)
		}
	}
}

func checkServiceMonitors(t *testing.T, objs *objects) {
	t.Helper()
	for _, x := range objs.ofKind("Deployment") {
		sm, _ := objs.get("ServiceMonitor", x.name).(*serviceMonitor)
		svc, _ := objs.get("Service", x.name).(*corev1.Service)
		if sm == nil || svc == nil {
			t.Errorf("ServiceMonitor or Service missing for %s", x.name)
			continue
		}
		if !subset(sm.Spec.Selector.MatchLabels, svc.Labels) {
			t.Errorf("ServiceMonitor %s does not select Service %s", sm.Name, svc.Name)
		}
		if !slices.Equal(sm.Spec.NamespaceSelector.MatchNames, []string{namespace}) {
			t.Errorf("ServiceMonitor %s: namespaceSelector %v", sm.Name, sm.Spec.NamespaceSelector.MatchNames)
		}
		if len(sm.Spec.Endpoints) != 1 || sm.Spec.Endpoints[0].Port != "metrics" || sm.Spec.Endpoints[0].Path != "/metrics" {
			t.Errorf("ServiceMonitor %s: endpoints %+v", sm.Name, sm.Spec.Endpoints)
		}
		if sm.Labels["release"] != "prometheus" {
			t.Errorf("ServiceMonitor %s: serviceMonitor.labels not applied", sm.Name)
		}
	}
}

// checkNoSecretValues: the chart renders no Secret (decodeAll refuses the kind), secret
// variables come only from secretKeyRef into the operator's Secret, and no ConfigMap
// carries a secret variable or a URL with a password.
func checkNoSecretValues(t *testing.T, objs *objects) {
	t.Helper()
	userinfo := regexp.MustCompile(`://[^/@\s]*:[^/@\s]+@`)
	for _, x := range objs.ofKind("ConfigMap") {
		for k, v := range x.obj.(*corev1.ConfigMap).Data {
			if slices.Contains(secretVars, k) {
				t.Errorf("ConfigMap %s holds %s; secrets must come from the Secret", x.name, k)
			}
			if userinfo.MatchString(v) {
				t.Errorf("ConfigMap %s: %s carries a password in its URL", x.name, k)
			}
		}
	}
	for _, p := range pods(objs) {
		for _, c := range p.spec.Containers {
			for _, e := range c.Env {
				if !slices.Contains(secretVars, e.Name) {
					continue
				}
				if e.Value != "" || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
					t.Errorf("%s: %s must come from a secretKeyRef, not a literal value", p.what, e.Name)
				} else if opt := e.ValueFrom.SecretKeyRef.Optional; opt != nil && *opt {
					t.Errorf("%s: %s must not be optional", p.what, e.Name)
				}
			}
		}
	}
}

type envValue struct {
	value  string
	secret string // "secret/key" when it comes from a Secret
}

// resolveEnv returns the container's environment: envFrom ConfigMaps (which must be
// rendered by the chart), then env entries.
func resolveEnv(t *testing.T, objs *objects, what string, c *corev1.Container) map[string]envValue {
	t.Helper()
	env := map[string]envValue{}
	for _, ef := range c.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			cm, _ := objs.get("ConfigMap", ef.ConfigMapRef.Name).(*corev1.ConfigMap)
			if cm == nil {
				t.Errorf("%s: envFrom ConfigMap %s is not rendered by the chart", what, ef.ConfigMapRef.Name)
				continue
			}
			for k, v := range cm.Data {
				env[ef.Prefix+k] = envValue{value: v}
			}
		default:
			t.Errorf("%s: envFrom other than a ConfigMap is not expected", what)
		}
	}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
			env[e.Name] = envValue{secret: e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key}
		default:
			env[e.Name] = envValue{value: e.Value}
		}
	}
	return env
}

// checkEnv: every container (Deployments and migration Jobs, which load the same
// configuration) has the variables its process requires, sets no variable its process
// does not read (a typo would silently fall back to a default), and every address
// points at a Service and port the chart renders.
func checkEnv(t *testing.T, objs *objects) {
	t.Helper()
	root, _ := filepath.Abs("../../..")
	// M5: every service signs in to NATS as its own user, so no two share a seed.
	natsUser := map[string]string{} // secret key -> component
	for _, p := range pods(objs) {
		c := &p.spec.Containers[0]
		comp := strings.TrimSuffix(component(objMeta(objs, p)), "-migrate")
		if e, ok := resolveEnv(t, objs, p.what, c)["NATS_NKEY_SEED"]; ok {
			if other, dup := natsUser[e.secret]; dup && other != comp {
				t.Errorf("%s and %s share the NATS user %s: each service needs its own", other, comp, e.secret)
			}
			natsUser[e.secret] = comp
		}
		known, required := configVars(t, root, comp)
		required = append(required, requiredEnv[comp]...)
		env := resolveEnv(t, objs, p.what, c)
		for _, v := range required {
			e, ok := env[v]
			if !ok || (e.value == "" && e.secret == "") {
				t.Errorf("%s: required variable %s is not set", p.what, v)
			}
		}
		for v := range env {
			if !known[v] && pendingEnv[v] == "" && !runtimeEnv[v] && !strings.HasPrefix(v, "OTEL_") {
				t.Errorf("%s: sets %s, which %s does not read (typo?)", p.what, v, comp)
			}
		}
		for v, e := range env {
			switch {
			case strings.HasSuffix(v, "_ADDR") && v != "GRPC_ADDR" && v != "HTTP_ADDR" && v != "METRICS_ADDR":
				checkAddress(t, objs, p.what+" "+v, e.value, "grpc")
			case v == "TOKEN_JWKS_URL":
				// M5: the keys come from identity's gRPC port (TOKEN_JWKS_ADDR), never
				// from a URL through the public edge.
				t.Errorf("%s: TOKEN_JWKS_URL %q set; the chart uses TOKEN_JWKS_ADDR (identity over gRPC)", p.what, e.value)
			}
			if v == "TOKEN_JWKS_ADDR" && !strings.HasPrefix(e.value, fullname("identity")+".") {
				t.Errorf("%s: TOKEN_JWKS_ADDR %q is not identity's Service", p.what, e.value)
			}
		}
	}
}

func objMeta(objs *objects, p podOf) metav1.Object {
	for _, x := range objs.all {
		switch o := x.obj.(type) {
		case *appsv1.Deployment:
			if &o.Spec.Template.Spec == p.spec {
				return &o.Spec.Template
			}
		case *batchv1.Job:
			if &o.Spec.Template.Spec == p.spec {
				return &o.Spec.Template
			}
		}
	}
	panic("pod not found")
}

// checkAddress: host:port is <service>.<namespace>.svc:<port> of a rendered Service
// whose port has the given name.
func checkAddress(t *testing.T, objs *objects, what, addr, portName string) {
	t.Helper()
	host, port, _ := strings.Cut(addr, ":")
	name, ok := strings.CutSuffix(host, "."+namespace+".svc")
	svc, _ := objs.get("Service", name).(*corev1.Service)
	if !ok || svc == nil {
		t.Errorf("%s = %q: no such Service in the release", what, addr)
		return
	}
	for _, p := range svc.Spec.Ports {
		if p.Name == portName && strconv.Itoa(int(p.Port)) == port {
			return
		}
	}
	t.Errorf("%s = %q: Service %s has no %s port %s", what, addr, name, portName, port)
}

func checkMigrationJobs(t *testing.T, objs *objects, revision int) {
	t.Helper()
	jobs := map[string]bool{}
	for _, x := range objs.ofKind("Job") {
		j := x.obj.(*batchv1.Job)
		comp := strings.TrimSuffix(component(j), "-migrate")
		jobs[comp] = true
		if want := fmt.Sprintf("%s-migrate-%d", fullname(comp), revision); j.Name != want {
			t.Errorf("Job %s: want the name %s (unique per revision)", j.Name, want)
		}
		if h := j.Annotations["helm.sh/hook"]; h != "pre-install,pre-upgrade" {
			t.Errorf("Job %s: helm.sh/hook %q, want pre-install,pre-upgrade", j.Name, h)
		}
		spec := j.Spec.Template.Spec
		if spec.RestartPolicy != corev1.RestartPolicyNever {
			t.Errorf("Job %s: restartPolicy %s", j.Name, spec.RestartPolicy)
		}
		if c := spec.Containers[0]; !slices.Equal(c.Args, []string{"migrate"}) || len(c.Command) != 0 {
			t.Errorf("Job %s: want the image's entrypoint with args [migrate], got command %v args %v", j.Name, c.Command, c.Args)
		}
		if d := deploymentOf(objs, comp); d == nil || d.Spec.Template.Spec.Containers[0].Image != spec.Containers[0].Image {
			t.Errorf("Job %s does not run its Deployment's image", j.Name)
		}
		// M4: the Job migrates as the schema owner; the pods run as a role that owns
		// nothing and never see the owner's credentials.
		env := resolveEnv(t, objs, "Job "+j.Name, &spec.Containers[0])
		if e := env["MIGRATION_DATABASE_URL"]; e.secret == "" || !strings.HasSuffix(e.secret, "/"+comp+"-migration-database-url") {
			t.Errorf("Job %s: MIGRATION_DATABASE_URL not from the Secret's %s-migration-database-url: %+v", j.Name, comp, e)
		}
		if d := deploymentOf(objs, comp); d != nil {
			denv := resolveEnv(t, objs, "Deployment "+d.Name, &d.Spec.Template.Spec.Containers[0])
			if _, has := denv["MIGRATION_DATABASE_URL"]; has {
				t.Errorf("Deployment %s has the schema owner's MIGRATION_DATABASE_URL", d.Name)
			}
			if denv["MIGRATIONS_BY_JOB"].value != "true" {
				t.Errorf("Deployment %s: MIGRATIONS_BY_JOB is not true; its role may not migrate", d.Name)
			}
		}
		if j.Spec.ActiveDeadlineSeconds == nil || j.Spec.BackoffLimit == nil || j.Spec.TTLSecondsAfterFinished == nil {
			t.Errorf("Job %s: activeDeadlineSeconds, backoffLimit and ttlSecondsAfterFinished must be set", j.Name)
		}
	}
	for _, comp := range defaultComponents {
		if comp != "gateway" && !jobs[comp] {
			t.Errorf("no migration Job for %s", comp)
		}
	}
	if jobs["gateway"] {
		t.Error("the gateway has no database and needs no migration Job")
	}
}

// checkChecksums: changing a component's configuration changes its config checksum (and
// only its own), and pointing at another Secret changes the secret checksums.
func checkChecksums(t *testing.T, h *helmCLI, def *objects) {
	ann := func(objs *objects, comp, key string) string {
		return deploymentOf(objs, comp).Spec.Template.Annotations[key]
	}
	changed := decodeAll(t, h.template(t, "--set", "identity.config.LOG_LEVEL=debug", "--set", "existingSecret=other"))
	if ann(def, "identity", "checksum/config") == ann(changed, "identity", "checksum/config") {
		t.Error("identity's checksum/config did not change with its configuration")
	}
	if ann(def, "notification", "checksum/config") != ann(changed, "notification", "checksum/config") {
		t.Error("notification's checksum/config changed with identity's configuration")
	}
	if ann(def, "identity", "checksum/secret") == ann(changed, "identity", "checksum/secret") {
		t.Error("checksum/secret did not change with existingSecret")
	}
}

// checkSchema: values.schema.json refuses unknown keys, secrets in config, and
// non-string environment values.
func checkSchema(t *testing.T, h *helmCLI) {
	for _, bad := range [][]string{
		{"--set", "identity.replicaCount=3"},
		{"--set", "bogus=1"},
		{"--set", "identity.config.HASH_PEPPER=x"},
		{"--set", "identity.config.NATS_NKEY_SEED=SUAx"},
		{"--set", "identity.config.MIGRATION_DATABASE_URL=postgres://owner:pw@db/x"},
		{"--set", "config.DATABASE_URL=postgres://u:p@db/hw"},
		{"--set", "gateway.config.MAX_BODY_BYTES=65536"},
		{"--set", "networkPolicy.postgres.port=5432"},
		{"--set", "shutdown.terminationGracePeriodSeconds=25"},
	} {
		args := append([]string{"template", release, h.chart, "--namespace", namespace, "--kube-version", kubeVersion}, bad...)
		if _, err := h.cmd(args...); err == nil {
			t.Errorf("helm template %v succeeded; the chart must refuse it", bad)
		}
	}
}

// checkNetworkPolicies: deny-all for the release's pods, DNS, and exactly the flows the
// suite uses.
func checkNetworkPolicies(t *testing.T, objs *objects) {
	t.Helper()
	pol := func(name string) *networkingv1.NetworkPolicy {
		p, _ := objs.get("NetworkPolicy", name).(*networkingv1.NetworkPolicy)
		if p == nil {
			t.Fatalf("NetworkPolicy %s missing", name)
		}
		return p
	}
	deny := pol(release + "-hellowork-default-deny")
	if len(deny.Spec.Ingress) != 0 || len(deny.Spec.Egress) != 0 || len(deny.Spec.PolicyTypes) != 2 {
		t.Errorf("default-deny must have both policy types and no rules: %+v", deny.Spec)
	}
	for _, p := range pods(objs) {
		if !subset(deny.Spec.PodSelector.MatchLabels, podLabels(objs, p)) {
			t.Errorf("default-deny does not select %s", p.what)
		}
	}
	dns := pol(release + "-hellowork-allow-dns")
	if len(dns.Spec.Egress) != 1 || !hasPorts(dns.Spec.Egress[0].Ports, 53) {
		t.Errorf("allow-dns: %+v", dns.Spec.Egress)
	}

	// Who may call whom over gRPC (ingress of the callee, egress of the caller).
	calls := map[string][]string{
		"gateway": {"identity", "employer-registration", "notification", "job-posting", "applicant-selection"},
		// VerifyAccountCreationCode (OPEN-3); CountPendingSelfApplications (ACC-3).
		"identity": {"employer-registration", "applicant-selection"},
		// CountUnresolvedApplicants (§2.4: selection results before a stop).
		"job-posting": {"applicant-selection"},
	}
	services := []string{"identity", "employer-registration", "notification", "job-posting", "applicant-selection"}
	for caller, callees := range calls {
		for _, callee := range callees {
			if !egressTo(pol(fullname(caller)), callee, 9090) {
				t.Errorf("%s may not call %s (egress)", caller, callee)
			}
			if !ingressFrom(pol(fullname(callee)), caller, 9090) {
				t.Errorf("%s may not be called by %s (ingress)", callee, caller)
			}
		}
	}
	// (Identity does accept the other services: they fetch its JWK set with GetJwks.)
	if ingressFrom(pol(fullname("notification")), "identity", 9090) || ingressFrom(pol(fullname("employer-registration")), "notification", 9090) {
		t.Error("a service accepts gRPC from a service that never calls it")
	}
	for _, other := range []string{"notification", "employer-registration"} {
		if ingressFrom(pol(fullname("applicant-selection")), other, 9090) {
			t.Errorf("applicant-selection accepts gRPC from %s, which never calls it", other)
		}
	}
	for _, s := range services {
		p := pol(fullname(s))
		if !egressPorts(p, 5432) || !egressPorts(p, 4222) {
			t.Errorf("%s may not reach PostgreSQL and NATS", s)
		}
		// M5: identity's JWK set comes from identity pods over gRPC, not through the edge.
		if s != "identity" && (!egressTo(p, "identity", 9090) || !ingressFrom(pol(fullname("identity")), s, 9090)) {
			t.Errorf("%s may not fetch the JWK set from identity's gRPC port", s)
		}
		if egressTo(p, "gateway", 8080) {
			t.Errorf("%s may reach the gateway's HTTP port", s)
		}
	}
	if !egressPorts(pol(fullname("notification")), 587) {
		t.Error("notification may not reach SMTP")
	}
	if egressPorts(pol(fullname("gateway")), 5432) || egressPorts(pol(fullname("identity")), 587) {
		t.Error("gateway reaches PostgreSQL or identity reaches SMTP")
	}
	if !egressPorts(pol(release+"-hellowork-migrations"), 5432) {
		t.Error("migration Jobs may not reach PostgreSQL")
	}
}

// checkSeekerPortalIngress: applicant-selection's gRPC port takes peers from outside the
// release only as networkPolicy.seekerPortalFrom lists them (the seeker portal's
// SeekerPortalService; nobody by default), and no other component takes them.
func checkSeekerPortalIngress(t *testing.T, objs *objects, portalNamespace string) {
	t.Helper()
	for _, o := range objs.ofKind("NetworkPolicy") {
		p, _ := o.obj.(*networkingv1.NetworkPolicy)
		if p == nil {
			continue
		}
		var outside []networkingv1.NetworkPolicyPeer
		for _, r := range p.Spec.Ingress {
			if !hasPorts(r.Ports, 9090) {
				continue
			}
			for _, peer := range r.From {
				if peer.NamespaceSelector != nil || peer.IPBlock != nil {
					outside = append(outside, peer)
				}
			}
			if len(r.From) == 0 {
				t.Errorf("%s: gRPC ingress from anyone", p.Name)
			}
		}
		isAppsel := p.Name == fullname("applicant-selection")
		switch {
		case len(outside) > 0 && !isAppsel:
			t.Errorf("%s: gRPC ingress from outside the release %+v", p.Name, outside)
		case isAppsel && portalNamespace == "" && len(outside) > 0:
			t.Errorf("%s: gRPC ingress from outside the release without seekerPortalFrom: %+v", p.Name, outside)
		case isAppsel && portalNamespace != "":
			if len(outside) != 1 || outside[0].NamespaceSelector == nil ||
				outside[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"] != portalNamespace {
				t.Errorf("%s: gRPC ingress from outside the release %+v, want only the seeker portal's namespace %s", p.Name, outside, portalNamespace)
			}
		}
	}
}

func podLabels(objs *objects, p podOf) map[string]string { return objMeta(objs, p).GetLabels() }

func hasPorts(ports []networkingv1.NetworkPolicyPort, want int) bool {
	for _, p := range ports {
		if p.Port != nil && p.Port.IntValue() == want {
			return true
		}
	}
	return false
}

func peerIs(peers []networkingv1.NetworkPolicyPeer, comp string) bool {
	for _, p := range peers {
		if p.PodSelector != nil && p.NamespaceSelector == nil && p.PodSelector.MatchLabels["app.kubernetes.io/component"] == comp &&
			p.PodSelector.MatchLabels["app.kubernetes.io/instance"] == release {
			return true
		}
	}
	return false
}

func egressTo(p *networkingv1.NetworkPolicy, comp string, port int) bool {
	for _, r := range p.Spec.Egress {
		if peerIs(r.To, comp) && hasPorts(r.Ports, port) {
			return true
		}
	}
	return false
}

func ingressFrom(p *networkingv1.NetworkPolicy, comp string, port int) bool {
	for _, r := range p.Spec.Ingress {
		if peerIs(r.From, comp) && hasPorts(r.Ports, port) {
			return true
		}
	}
	return false
}

func egressPorts(p *networkingv1.NetworkPolicy, port int) bool {
	for _, r := range p.Spec.Egress {
		if hasPorts(r.Ports, port) {
			return true
		}
	}
	return false
}
