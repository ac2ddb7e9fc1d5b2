#!/usr/bin/env bash
# Install the web client's browser dependencies (Leaflet) from frontend/package-lock.json.
# The page works without them (lists instead of a map), so a missing npm is not an error.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm not found; skipping Leaflet. The web client will show lists without a map." >&2
  echo "build-web: install Node.js and npm, then run scripts/build-web.sh to add the map." >&2
  exit 0
fi

installed="$repo_root/frontend/node_modules/.package-lock.json"
if [ -f "$installed" ] && [ "$installed" -nt "$repo_root/frontend/package-lock.json" ]; then
  exit 0  # already installed from this lock file
fi
npm ci --prefix "$repo_root/frontend" --no-audit --no-fund
echo "build-web: Leaflet installed in frontend/node_modules/leaflet/dist (served at /vendor/leaflet/)."
