{{/* Non-secret environment of one component (arg: ctx); secrets come from existingSecret. */}}
{{- define "hellowork.configmap" -}}
{{- $root := .root -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "hellowork.componentFullname" (list $root .name) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "hellowork.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
data:
  {{- range $k, $val := include "hellowork.configEnv" . | fromYaml }}
  {{ $k }}: {{ $val | quote }}
  {{- end }}
{{- end }}
