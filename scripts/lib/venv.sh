# Shared by scripts/run.sh and scripts/test.sh: a virtual environment at .venv with the
# project installed. Re-runs are fast: the install is skipped while pyproject.toml is unchanged.

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Python 3.11 or newer is required" >&2
  return 1
}

ensure_venv() {
  local extras="$1" python stamp wanted
  python=$(find_python)
  if [ ! -x .venv/bin/python ]; then
    echo "creating .venv with $python"
    "$python" -m venv .venv
  fi
  stamp=.venv/.wastecoach-install
  wanted="$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras}"
  if [ ! -f "$stamp" ] || ! grep -qx -- "$wanted" "$stamp" 2>/dev/null; then
    echo "installing wastecoach${extras:+[$extras]} and its pinned dependencies"
    .venv/bin/python -m pip install --quiet --upgrade "pip==25.3"
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    echo "$wanted" >>"$stamp"
  fi
}
