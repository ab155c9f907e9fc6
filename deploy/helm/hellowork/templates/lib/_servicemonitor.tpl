{{/* Prometheus Operator ServiceMonitor of one component (arg: ctx). */}}
{{- define "hellowork.servicemonitor" -}}
{{- $root := .root -}}
{{- $sm := $root.Values.serviceMonitor -}}
{{- if $sm.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "hellowork.componentFullname" (list $root .name) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "hellowork.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "hellowork.selectorLabels" (list $root .name) | nindent 6 }}
  namespaceSelector:
    matchNames:
      - {{ $root.Release.Namespace }}
  endpoints:
    - port: metrics
      path: /metrics
      scheme: http
      interval: {{ $sm.interval }}
      scrapeTimeout: {{ $sm.scrapeTimeout }}
{{- end }}
{{- end }}
