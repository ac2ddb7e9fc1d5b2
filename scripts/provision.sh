#!/usr/bin/env bash
# Empty AWS account -> running kubeadm cluster with ingress-nginx, cert-manager and ArgoCD.
#
#   1. terraform apply         (deploy/terraform; needs AWS credentials in the environment)
#   2. inventory from outputs  (terraform output ansible_inventory -> deploy/ansible/inventory/hosts.ini)
#   3. ansible-playbook        (deploy/ansible/site.yml over SSH as ubuntu)
#
# Usage: scripts/provision.sh [--yes] [--skip-terraform] [--repo-url URL]
#   --yes             apply the Terraform plan without asking
#   --skip-terraform  reuse the current Terraform state (re-run Ansible only)
#   --repo-url URL    Git URL ArgoCD tracks (default: this checkout's origin remote)
# Environment: TERRAFORM (default terraform), ANSIBLE_PLAYBOOK (default ansible-playbook),
#              SSH_PRIVATE_KEY (default ~/.ssh/id_ed25519).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_DIR="$ROOT/deploy/terraform"
ANSIBLE_DIR="$ROOT/deploy/ansible"
INVENTORY="$ANSIBLE_DIR/inventory/hosts.ini"
TERRAFORM="${TERRAFORM:-terraform}"
ANSIBLE_PLAYBOOK="${ANSIBLE_PLAYBOOK:-ansible-playbook}"
SSH_PRIVATE_KEY="${SSH_PRIVATE_KEY:-$HOME/.ssh/id_ed25519}"

auto_approve=0
skip_terraform=0
repo_url=""
while (($# > 0)); do
  case "$1" in
    --yes) auto_approve=1 ;;
    --skip-terraform) skip_terraform=1 ;;
    --repo-url)
      repo_url="${2:?--repo-url needs a value}"
      shift
      ;;
    -h | --help)
      sed -n '2,15p' "$0"
      exit 0
      ;;
    *)
      echo "unknown argument: $1" >&2
      exit 2
      ;;
  esac
  shift
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing tool: $1" >&2; exit 2; }; }
need "$TERRAFORM"
need "$ANSIBLE_PLAYBOOK"
need ssh
[[ -r "$SSH_PRIVATE_KEY" ]] || { echo "SSH key not readable: $SSH_PRIVATE_KEY" >&2; exit 2; }
[[ -f "$TF_DIR/terraform.tfvars" ]] || {
  echo "create $TF_DIR/terraform.tfvars from terraform.tfvars.example first" >&2
  exit 2
}

if [[ -z "$repo_url" ]]; then
  repo_url="$(git -C "$ROOT" remote get-url origin 2>/dev/null || true)"
  # ArgoCD reads public repositories over HTTPS.
  if [[ "$repo_url" =~ ^git@github\.com:(.+)$ ]]; then
    repo_url="https://github.com/${BASH_REMATCH[1]}"
  fi
fi
[[ -n "$repo_url" ]] || { echo "no origin remote: pass --repo-url" >&2; exit 2; }

if ((skip_terraform == 0)); then
  echo "==> terraform init / plan"
  "$TERRAFORM" -chdir="$TF_DIR" init -input=false
  "$TERRAFORM" -chdir="$TF_DIR" plan -input=false -out=tfplan
  if ((auto_approve == 0)); then
    read -r -p "Apply this plan? [y/N] " answer
    [[ "$answer" == "y" || "$answer" == "Y" ]] || { echo "aborted"; exit 1; }
  fi
  echo "==> terraform apply"
  "$TERRAFORM" -chdir="$TF_DIR" apply -input=false tfplan
  rm -f "$TF_DIR/tfplan"
fi

echo "==> writing $INVENTORY from terraform outputs"
"$TERRAFORM" -chdir="$TF_DIR" output -raw ansible_inventory >"$INVENTORY.tmp"
mv "$INVENTORY.tmp" "$INVENTORY"

# Trust each new host key on first contact only, in a project-local file, and refuse changed keys.
mkdir -p "$ROOT/var"
export ANSIBLE_CONFIG="$ANSIBLE_DIR/ansible.cfg"
export ANSIBLE_PRIVATE_KEY_FILE="$SSH_PRIVATE_KEY"
export ANSIBLE_SSH_ARGS="-o UserKnownHostsFile=$ROOT/var/known_hosts -o StrictHostKeyChecking=accept-new -o ControlMaster=auto -o ControlPersist=60s"

echo "==> waiting for SSH on every node"
(cd "$ANSIBLE_DIR" && ansible k8s -i "$INVENTORY" -m ansible.builtin.wait_for_connection -a timeout=300)

echo "==> ansible-playbook site.yml (ArgoCD will track $repo_url)"
(cd "$ANSIBLE_DIR" && "$ANSIBLE_PLAYBOOK" -i "$INVENTORY" site.yml -e "gitops_repo_url=$repo_url")

echo
echo "Cluster ready. Next steps (docs/deploy.md):"
echo "  - DNS A records for the app host -> $("$TERRAFORM" -chdir="$TF_DIR" output -json ingress_public_ips)"
echo "  - create the wastecoach Secrets, then watch ArgoCD sync the app of apps"
echo "  - kubeconfig: scp ubuntu@<control-plane>:.kube/config (API on port 6443, admin_cidrs only)"
