#!/usr/bin/env bash
# Load test on the real servers, loopback only: uvicorn (2 workers) + a Celery worker on
# PostgreSQL, Redis and RabbitMQ, then headless Locust. Not part of CI.
#   bash bench/load/run.sh [--users 200 --spawn-rate 10 --run-time 5m]
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${LOAD_PORT:-8765}
APP=${LOAD_APP:-wastecoach.main:create_app}  # another factory, e.g. to try a fix
OUT=${LOAD_OUT:-bench/results/load}
DB=wastecoach_load
ADMIN_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres
mkdir -p "$OUT" var/load
export WASTECOACH_ENV=test
export WASTECOACH_VAR_DIR=var/load
export WASTECOACH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/$DB
export WASTECOACH_REDIS_URL=redis://127.0.0.1:6379/14
export WASTECOACH_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//
export WASTECOACH_LOG_LEVEL=WARNING
# Every simulated person comes from 127.0.0.1: lift the per-IP guest limit (20/min) for them.
export WASTECOACH_AUTH_GUEST_PER_IP=100000
export LOAD_POINTS_FILE=var/load/points.csv

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" postgres
redis-cli -n 14 flushdb >/dev/null
.venv/bin/wastecoach db upgrade >/dev/null
.venv/bin/wastecoach locations import ../shared/data/locations >/dev/null
psql -h 127.0.0.1 -U postgres -d $DB -Atc \
  "SELECT lat || ',' || lon FROM locations.collection_point WHERE lat IS NOT NULL
   ORDER BY md5(id::text) LIMIT 200" > "$LOAD_POINTS_FILE"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT
.venv/bin/python -m wastecoach worker --queues fast,bulk,external,sched,dlq --concurrency 2 \
  >"$OUT/worker.log" 2>&1 & pids+=($!)
.venv/bin/uvicorn "$APP" --factory --host 127.0.0.1 --port "$PORT" \
  --workers 2 --log-level warning >"$OUT/api.log" 2>&1 & pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done

uptime | tee "$OUT/loadavg-before.txt"
status=0
.venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users 200 --spawn-rate 10 --run-time 5m --stop-timeout 60 --csv "$OUT/locust" \
  --only-summary "$@" 2>&1 | tee "$OUT/locust.txt" || status=$?
uptime | tee "$OUT/loadavg-after.txt"
exit "$status"  # locust exits 1 when any request failed
