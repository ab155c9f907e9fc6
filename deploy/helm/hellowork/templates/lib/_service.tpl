{{/* Service of one component (arg: ctx). gRPC ports carry appProtocol kubernetes.io/h2c
(cleartext HTTP/2) so Gateway API implementations and meshes route them as gRPC. */}}
{{- define "hellowork.service" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "hellowork.componentFullname" (list $root .name) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "hellowork.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
  {{- with (.c.service | default dict).annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: ClusterIP
  selector:
    {{- include "hellowork.selectorLabels" (list $root .name) | nindent 4 }}
  ports:
    {{- if .meta.grpc }}
    - name: grpc
      port: {{ $v.ports.grpc }}
      targetPort: grpc
      protocol: TCP
      appProtocol: kubernetes.io/h2c
    {{- else }}
    - name: http
      port: {{ $v.ports.http }}
      targetPort: http
      protocol: TCP
      appProtocol: http
    {{- end }}
    - name: metrics
      port: {{ $v.ports.metrics }}
      targetPort: metrics
      protocol: TCP
      appProtocol: http
{{- end }}
