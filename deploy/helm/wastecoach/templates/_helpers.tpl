{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "wastecoach.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped base name used as the prefix of every object. */}}
{{- define "wastecoach.fullname" -}}
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

{{- define "wastecoach.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels shared by every object. */}}
{{- define "wastecoach.labels" -}}
helm.sh/chart: {{ include "wastecoach.chart" . }}
app.kubernetes.io/name: {{ include "wastecoach.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: wastecoach
{{- end }}

{{/* Selector labels; call with (dict "root" $ "component" "api-auth"). */}}
{{- define "wastecoach.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wastecoach.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "wastecoach.componentLabels" -}}
{{ include "wastecoach.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "wastecoach.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wastecoach.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference: repository@digest when a digest is set, else repository:tag. */}}
{{- define "wastecoach.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (required "image.tag is required" .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Secret-backed environment variables (never values). */}}
{{- define "wastecoach.secretEnv" -}}
{{- $secret := required "secrets.existingSecret is required" .Values.secrets.existingSecret }}
{{- range $name, $ref := .Values.secrets.keys }}
- name: WASTECOACH_{{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $ref.key }}
      optional: {{ $ref.optional | default false }}
{{- end }}
{{- range $name, $ref := .Values.secrets.extraEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $ref.key }}
      optional: {{ $ref.optional | default false }}
{{- end }}
{{- end }}

{{/* Plain configuration as literal env vars (used by the hook Job, which runs before the ConfigMap exists). */}}
{{- define "wastecoach.configEnv" -}}
{{- range $name, $value := .Values.config }}
{{- if ne (toString $value) "" }}
- name: WASTECOACH_{{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Pod-level settings shared by every workload. */}}
{{- define "wastecoach.podCommon" -}}
serviceAccountName: {{ include "wastecoach.serviceAccountName" . }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Spread replicas of one component across nodes; call with (dict "root" $ "component" "..."). */}}
{{- define "wastecoach.topologySpread" -}}
{{- if .root.Values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: {{ .root.Values.topologySpread.maxSkew }}
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "wastecoach.selectorLabels" (dict "root" .root "component" .component) | nindent 8 }}
{{- end }}
{{- end }}

{{- define "wastecoach.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end }}

{{- define "wastecoach.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Checksum of the ConfigMap so pods roll when configuration changes. */}}
{{- define "wastecoach.configChecksum" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- end }}

{{/* JWT signing key: env var, mount and volume (every process requires the setting in production). */}}
{{- define "wastecoach.jwtEnv" -}}
- name: WASTECOACH_JWT_PRIVATE_KEY_FILE
  value: {{ printf "%s/%s" .Values.secrets.jwt.mountPath .Values.secrets.jwt.key | quote }}
{{- end }}

{{- define "wastecoach.jwtMount" -}}
- name: jwt
  mountPath: {{ .Values.secrets.jwt.mountPath }}
  readOnly: true
{{- end }}

{{- define "wastecoach.jwtVolume" -}}
- name: jwt
  secret:
    secretName: {{ .Values.secrets.jwt.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.secrets.jwt.key }}
        path: {{ .Values.secrets.jwt.key }}
{{- end }}
