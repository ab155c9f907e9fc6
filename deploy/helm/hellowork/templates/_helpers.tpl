{{/*
Shared helpers of the hellowork chart. Every per-component object is rendered by a
template in templates/lib/ from a component context ("ctx"), built in each loop as
  dict "root" $ "key" <values key> "name" <component name> "meta" <static facts> "c" <values block>
*/}}

{{/*
The components and the facts about them that are code, not configuration:
  name     the binary, image and Kubernetes name
  grpc     serves gRPC (false: the HTTP gateway)
  migrate  has a PostgreSQL schema and a `migrate` sub-command
  calls    the components it calls over gRPC (NetworkPolicies, *_ADDR variables)
  jwks     verifies access tokens with identity's JWK set (TOKEN_JWKS_ADDR: identity's GetJwks over gRPC)
  smtp     sends mail
*/}}
{{- define "hellowork.components" -}}
gateway:
  name: gateway
  grpc: false
  migrate: false
  calls: [identity, employer-registration, notification, job-posting, applicant-selection]
  jwks: false
  smtp: false
identity:
  name: identity
  grpc: true
  migrate: true
  calls: [employer-registration, applicant-selection]
  jwks: false
  smtp: false
employerRegistration:
  name: employer-registration
  grpc: true
  migrate: true
  # Identity calls it (VerifyAccountCreationCode); it calls nobody (events flow back).
  calls: []
  jwks: true
  smtp: false
notification:
  name: notification
  grpc: true
  migrate: true
  calls: []
  jwks: true
  smtp: true
jobPosting:
  name: job-posting
  grpc: true
  migrate: true
  # §2.4: applicants without a selection result before a stop, a cancellation or fewer openings.
  calls: [applicant-selection]
  jwks: true
  smtp: false
applicantSelection:
  name: applicant-selection
  grpc: true
  migrate: true
  calls: []
  jwks: true
  smtp: false
{{- end }}

{{/* Is the component with this name enabled? ("true" or "") */}}
{{- define "hellowork.enabledName" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- range $key, $meta := include "hellowork.components" $root | fromYaml -}}
{{- if and (eq $meta.name $name) (index $root.Values $key).enabled -}}true{{- end -}}
{{- end -}}
{{- end }}

{{- define "hellowork.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hellowork.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* <fullname>-<component>, the name of the component's Deployment, Service, ConfigMap... (arg: root, name) */}}
{{- define "hellowork.componentFullname" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "hellowork.fullname" $root | trunc 40 | trimSuffix "-") (index . 1) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hellowork.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object (arg: root). */}}
{{- define "hellowork.labels" -}}
helm.sh/chart: {{ include "hellowork.chart" . }}
app.kubernetes.io/name: {{ include "hellowork.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hellowork
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector of all the release's pods (arg: root). */}}
{{- define "hellowork.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "hellowork.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector of one component's pods (arg: root, component name). */}}
{{- define "hellowork.selectorLabels" -}}
{{ include "hellowork.releaseSelectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "hellowork.secretName" -}}
{{- default (printf "%s-secrets" (include "hellowork.fullname" .)) .Values.existingSecret }}
{{- end }}

{{- define "hellowork.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "hellowork.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference (arg: ctx). */}}
{{- define "hellowork.image" -}}
{{- $root := .root -}}
{{- $img := .c.image | default dict -}}
{{- $repo := $img.repository | default (printf "%s/%s" $root.Values.image.registry .name) -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $repo $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo ($img.tag | default $root.Values.image.tag | default $root.Chart.AppVersion) -}}
{{- end -}}
{{- end }}

{{/* Shutdown timing of a component: top-level shutdown merged with the component's (arg: ctx; YAML). */}}
{{- define "hellowork.shutdown" -}}
{{- $s := mergeOverwrite (deepCopy .root.Values.shutdown) (.c.shutdown | default dict) -}}
{{- if le (int $s.terminationGracePeriodSeconds) (add $s.preStopSleepSeconds $s.timeoutSeconds | int) -}}
{{- fail (printf "%s: terminationGracePeriodSeconds (%v) must exceed preStopSleepSeconds + timeoutSeconds (%v + %v), or the kubelet kills the pod mid-drain" .name $s.terminationGracePeriodSeconds $s.preStopSleepSeconds $s.timeoutSeconds) -}}
{{- end -}}
{{- toYaml $s -}}
{{- end }}

{{/* Probe timing: top-level probes merged with the component's (arg: ctx; YAML). */}}
{{- define "hellowork.probes" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.probes) (.c.probes | default dict)) -}}
{{- end }}

{{/* Autoscaling: top-level defaults merged with the component's (arg: ctx; YAML). */}}
{{- define "hellowork.autoscaling" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.autoscaling) (.c.autoscaling | default dict)) -}}
{{- end }}

{{- define "hellowork.pdbValues" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.podDisruptionBudget) (.c.podDisruptionBudget | default dict)) -}}
{{- end }}

{{- define "hellowork.migration" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.migrations) (.c.migration | default dict)) -}}
{{- end }}

{{/*
GOMEMLIMIT in bytes for a Go container: goMemLimitPercent of its memory limit, so the
garbage collector works harder before the kernel's OOM killer acts (the rest is left to
memory the Go runtime does not account, and to a decode in progress). Empty when the
container has no memory limit, when the percent is 0, or when extraEnv sets GOMEMLIMIT
itself. A quantity it cannot read (e.g. "1e9") fails the render rather than being
guessed. Args: dict "resources" "percent" "extraEnv".
*/}}
{{- define "hellowork.goMemLimit" -}}
{{- $limit := "" -}}
{{- with .resources }}{{ with .limits }}{{ with .memory }}{{ $limit = . }}{{ end }}{{ end }}{{ end -}}
{{- $own := false -}}
{{- range .extraEnv }}{{ if eq .name "GOMEMLIMIT" }}{{ $own = true }}{{ end }}{{ end -}}
{{- if and $limit (gt (int .percent) 0) (not $own) -}}
{{- $bytes := 0.0 -}}
{{- if or (kindIs "float64" $limit) (kindIs "int" $limit) (kindIs "int64" $limit) -}}
{{- $bytes = float64 $limit -}}
{{- else -}}
{{- $q := toString $limit -}}
{{- $num := regexFind "^[0-9]+(\\.[0-9]+)?" $q -}}
{{- $units := dict "" 1.0 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 -}}
{{- $unit := trimPrefix $num $q -}}
{{- if or (not $num) (not (hasKey $units $unit)) -}}
{{- fail (printf "cannot read the memory limit %q to set GOMEMLIMIT: use a plain number of bytes or a k, M, G, T, Ki, Mi, Gi, Ti suffix, or set GOMEMLIMIT in extraEnv" $q) -}}
{{- end -}}
{{- $bytes = mulf (float64 $num) (get $units $unit) -}}
{{- end -}}
{{- divf (mulf $bytes (float64 .percent)) 100 | floor | int64 -}}
{{- end -}}
{{- end }}

{{/* "<UPPER_SNAKE>_ADDR" of a component name. */}}
{{- define "hellowork.addrVar" -}}
{{- printf "%s_ADDR" (. | upper | replace "-" "_") -}}
{{- end }}

{{/*
The component's non-secret environment (arg: ctx; YAML map of strings): computed
addresses, then the top-level config, then the component's config. Keys that the
component takes from the Secret (secretEnv) and empty values are left out.
*/}}
{{- define "hellowork.configEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $ns := $root.Release.Namespace -}}
{{- $env := dict -}}
{{- $shutdown := include "hellowork.shutdown" . | fromYaml -}}
{{- if .meta.grpc }}
{{- $_ := set $env "SERVICE_NAME" .name -}}
{{- $_ := set $env "GRPC_ADDR" (printf ":%v" $v.ports.grpc) -}}
{{- $_ := set $env "NATS_URL" $v.nats.url -}}
{{- $_ := set $env "NATS_STREAM_REPLICAS" (toString $v.nats.streamReplicas) -}}
{{- $_ := set $env "SHUTDOWN_TIMEOUT" (printf "%vs" $shutdown.timeoutSeconds) -}}
{{- else }}
{{- $_ := set $env "HTTP_ADDR" (printf ":%v" $v.ports.http) -}}
{{- end }}
{{- $_ := set $env "METRICS_ADDR" (printf ":%v" $v.ports.metrics) -}}
{{- if .meta.migrate }}
{{- if (include "hellowork.migration" . | fromYaml).enabled }}
{{- /* The Job migrates as the schema owner; the pods' role may not (issue 9, M4). */ -}}
{{- $_ := set $env "MIGRATIONS_BY_JOB" "true" -}}
{{- end }}
{{- end }}
{{- if .meta.jwks }}
{{- /* Identity's keys from identity's own gRPC port (GetJwks), which the NetworkPolicy pins to identity pods. */ -}}
{{- $_ := set $env "TOKEN_JWKS_ADDR" (printf "%s.%s.svc:%v" (include "hellowork.componentFullname" (list $root "identity")) $ns $v.ports.grpc) -}}
{{- end }}
{{- range .meta.calls }}
{{- if include "hellowork.enabledName" (list $root .) }}
{{- $_ := set $env (include "hellowork.addrVar" .) (printf "%s.%s.svc:%v" (include "hellowork.componentFullname" (list $root .)) $ns $v.ports.grpc) -}}
{{- end }}
{{- end }}
{{- range $k, $val := $v.config }}
{{- $_ := set $env $k (toString $val) -}}
{{- end }}
{{- range $k, $val := (.c.config | default dict) }}
{{- $_ := set $env $k (toString $val) -}}
{{- end }}
{{- range $k, $_ := (.c.secretEnv | default dict) }}
{{- $_ := unset $env $k -}}
{{- end }}
{{- range $k, $val := $env }}
{{- if eq $val "" }}{{ $_ := unset $env $k }}{{ end -}}
{{- end }}
{{- toYaml $env -}}
{{- end }}

{{/* Env entries read from the existing Secret (arg: ctx; YAML list). */}}
{{- define "hellowork.secretEnv" -}}
{{- $secret := include "hellowork.secretName" .root -}}
{{- range $var, $key := (.c.secretEnv | default dict) }}
- name: {{ $var }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
{{- end }}
{{- end }}

{{/*
Checksum that rolls the pods when the Secret reference changes and, on a live install
(where `lookup` reaches the API server), when the Secret's contents change. `helm
template` and GitOps tools without lookup see only the reference: restart the
Deployments after rotating a key there (deploy/README.md).
*/}}
{{- define "hellowork.secretChecksum" -}}
{{- $name := include "hellowork.secretName" .root -}}
{{- $live := lookup "v1" "Secret" .root.Release.Namespace $name | default dict -}}
{{- $data := dict -}}
{{- range $var, $key := (.c.secretEnv | default dict) }}
{{- $_ := set $data $key (index ($live.data | default dict) $key | default "") -}}
{{- end }}
{{- dict "name" $name "env" (.c.secretEnv | default dict) "data" $data | toJson | sha256sum -}}
{{- end }}

{{- define "hellowork.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "hellowork.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}
