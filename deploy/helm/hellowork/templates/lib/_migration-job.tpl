{{/*
Migration Job of one service (arg: ctx): a pre-install/pre-upgrade hook running
`<binary> migrate` with the service's own environment. Its name carries the release
revision, so every upgrade creates a new Job (a Job's pod template is immutable) and
the previous one stays inspectable until ttlSecondsAfterFinished. Hooks run before the
release's ConfigMaps exist on a first install, so the environment is inlined here
(same values as the ConfigMap: "hellowork.configEnv") and secrets come from the
operator's Secret, which exists beforehand.
*/}}
{{- define "hellowork.migrationJob" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $c := .c -}}
{{- $m := include "hellowork.migration" . | fromYaml -}}
{{- if and .meta.migrate $m.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-migrate-%d" (include "hellowork.componentFullname" (list $root .name) | trunc 48 | trimSuffix "-") (int $root.Release.Revision) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "hellowork.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}-migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    # A retried upgrade with the same revision replaces its own Job; other revisions'
    # Jobs are left to ttlSecondsAfterFinished.
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: {{ $m.backoffLimit }}
  activeDeadlineSeconds: {{ $m.activeDeadlineSeconds }}
  ttlSecondsAfterFinished: {{ $m.ttlSecondsAfterFinished }}
  template:
    metadata:
      labels:
        {{- include "hellowork.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .name }}-migrate
    spec:
      restartPolicy: Never
      {{- with $m.serviceAccountName }}
      serviceAccountName: {{ . }}
      {{- end }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      securityContext:
        {{- include "hellowork.podSecurityContext" $root | nindent 8 }}
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: migrate
          image: {{ include "hellowork.image" . }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          {{- with $c.command }}
          command:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          args: [migrate]
          securityContext:
            {{- include "hellowork.containerSecurityContext" $root | nindent 12 }}
          env:
            {{- with include "hellowork.goMemLimit" (dict "resources" $m.resources "percent" $v.goMemLimitPercent "extraEnv" $c.extraEnv) }}
            # {{ $v.goMemLimitPercent }}% of the container's memory limit ({{ $m.resources.limits.memory }}), in bytes.
            - name: GOMEMLIMIT
              value: {{ . | quote }}
            {{- end }}
            {{- range $k, $val := include "hellowork.configEnv" . | fromYaml }}
            - name: {{ $k }}
              value: {{ $val | quote }}
            {{- end }}
            {{- with include "hellowork.secretEnv" . | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            # The schema owner's connection (issue 9, M4): only the Job has it; the
            # pods run as DATABASE_URL's role, granted INSERT/SELECT on audit tables.
            - name: MIGRATION_DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: {{ include "hellowork.secretName" $root }}
                  key: {{ .name }}-migration-database-url
            {{- with $c.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- with $m.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 16Mi
{{- end }}
{{- end }}
