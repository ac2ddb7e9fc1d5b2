#!/usr/bin/env bash
# Set up everything and start the whole API on the embedded default (SQLite, in-process tasks,
# local files, offline models) at http://127.0.0.1:8000. No servers needed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/venv.sh
ensure_venv ""
bash scripts/build-web.sh
.venv/bin/wastecoach setup
exec .venv/bin/wastecoach serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
