{{/* HorizontalPodAutoscaler of one component (arg: ctx); when it exists the Deployment
leaves replicas to it. */}}
{{- define "hellowork.hpa" -}}
{{- $root := .root -}}
{{- $hpa := include "hellowork.autoscaling" . | fromYaml -}}
{{- if $hpa.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "hellowork.componentFullname" (list $root .name) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "hellowork.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "hellowork.componentFullname" (list $root .name) }}
  minReplicas: {{ $hpa.minReplicas }}
  maxReplicas: {{ $hpa.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $hpa.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}
