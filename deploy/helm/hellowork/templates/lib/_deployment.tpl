{{/* Deployment of one component (arg: ctx). */}}
{{- define "hellowork.deployment" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $c := .c -}}
{{- $fullname := include "hellowork.componentFullname" (list $root .name) -}}
{{- $shutdown := include "hellowork.shutdown" . | fromYaml -}}
{{- $probes := include "hellowork.probes" . | fromYaml -}}
{{- $hpa := include "hellowork.autoscaling" . | fromYaml -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "hellowork.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
spec:
  {{- if not $hpa.enabled }}
  replicas: {{ $c.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "hellowork.selectorLabels" (list $root .name) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "hellowork.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .name }}
        {{- with $c.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "hellowork.configEnv" . | sha256sum }}
        checksum/secret: {{ include "hellowork.secretChecksum" . }}
        {{- with $c.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "hellowork.serviceAccountName" $root }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $shutdown.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "hellowork.podSecurityContext" $root | nindent 8 }}
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $c.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml $c.topologySpreadConstraints | nindent 8 }}
      {{- else }}
      # Spread replicas over nodes and zones when the cluster allows it.
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "hellowork.selectorLabels" (list $root .name) | nindent 14 }}
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "hellowork.selectorLabels" (list $root .name) | nindent 14 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: {{ include "hellowork.image" . }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          {{- with $c.command }}
          command:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- include "hellowork.containerSecurityContext" $root | nindent 12 }}
          ports:
            {{- if .meta.grpc }}
            - name: grpc
              containerPort: {{ $v.ports.grpc }}
              protocol: TCP
            {{- else }}
            - name: http
              containerPort: {{ $v.ports.http }}
              protocol: TCP
            {{- end }}
            - name: metrics
              containerPort: {{ $v.ports.metrics }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $fullname }}
          {{- $secretEnv := include "hellowork.secretEnv" . | trim }}
          {{- $goMemLimit := include "hellowork.goMemLimit" (dict "resources" $c.resources "percent" $v.goMemLimitPercent "extraEnv" $c.extraEnv) }}
          {{- if or $secretEnv $c.extraEnv $goMemLimit }}
          env:
            {{- with $goMemLimit }}
            # {{ $v.goMemLimitPercent }}% of the container's memory limit ({{ $c.resources.limits.memory }}), in bytes.
            - name: GOMEMLIMIT
              value: {{ . | quote }}
            {{- end }}
            {{- with $secretEnv }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with $c.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- end }}
          {{- if .meta.grpc }}
          # Native gRPC probes (grpc.health.v1): "liveness" is SERVING while the process
          # runs; "readiness" follows PostgreSQL and NATS and turns NOT_SERVING on SIGTERM.
          startupProbe:
            grpc:
              port: {{ $v.ports.grpc }}
              service: liveness
            {{- toYaml $probes.startup | nindent 12 }}
          readinessProbe:
            grpc:
              port: {{ $v.ports.grpc }}
              service: readiness
            {{- toYaml $probes.readiness | nindent 12 }}
          livenessProbe:
            grpc:
              port: {{ $v.ports.grpc }}
              service: liveness
            {{- toYaml $probes.liveness | nindent 12 }}
          {{- else }}
          startupProbe:
            httpGet:
              path: /healthz
              port: http
            {{- toYaml $probes.startup | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            {{- toYaml $probes.readiness | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            {{- toYaml $probes.liveness | nindent 12 }}
          {{- end }}
          lifecycle:
            preStop:
              # Let endpoint controllers and load balancers drop the pod before SIGTERM.
              sleep:
                seconds: {{ $shutdown.preStopSleepSeconds }}
          {{- with $c.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
{{- end }}
