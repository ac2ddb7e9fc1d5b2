#!/usr/bin/env bash
# Set up what the tests need and run the whole test suite. Tests that need PostgreSQL, Redis,
# RabbitMQ, Chromium or ../shared data skip with a message when those are absent (and fail
# when CI=true). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/venv.sh
ensure_venv "dev"
bash scripts/build-web.sh
exec .venv/bin/python -m pytest "$@"
