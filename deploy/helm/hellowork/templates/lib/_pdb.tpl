{{/* PodDisruptionBudget of one component (arg: ctx): maxUnavailable 1 never blocks a
node drain, even at one replica. */}}
{{- define "hellowork.pdb" -}}
{{- $root := .root -}}
{{- $pdb := include "hellowork.pdbValues" . | fromYaml -}}
{{- if $pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "hellowork.componentFullname" (list $root .name) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "hellowork.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
spec:
  maxUnavailable: {{ $pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "hellowork.selectorLabels" (list $root .name) | nindent 6 }}
{{- end }}
{{- end }}
