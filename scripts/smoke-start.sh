#!/usr/bin/env bash
# Proves the quick start: `npm start` with no DATABASE_URL reaches a healthy state on the embedded
# PostgreSQL, then stops cleanly (the app closes, then the database) on SIGINT, as Ctrl-C would.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SMOKE_PORT:-3999}"
data_dir=".data/smoke-postgres"
log="$(mktemp)"
rm -rf "$data_dir"

env -u DATABASE_URL -u REDIS_URL PORT="$port" EMBEDDED_PG_DIR="$data_dir" EMBEDDED_PG_PORT=54339 \
  node dist/apps/api/src/main.js >"$log" 2>&1 &
pid=$!

healthy=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:${port}/health" >/dev/null 2>&1; then healthy=yes; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
if [ -z "$healthy" ]; then
  echo "smoke: npm start did not become healthy"; cat "$log"; kill "$pid" 2>/dev/null || true; exit 1
fi
grep -q "Docs:" "$log" || { echo "smoke: the URLs were not printed"; cat "$log"; exit 1; }
grep -q "App:     http://.*:${port}/ " "$log" || { echo "smoke: the app's URL was not printed"; cat "$log"; exit 1; }
curl -fsS "http://127.0.0.1:${port}/" | grep -q '<div id="app">' || { echo "smoke: / does not serve the web app"; exit 1; }
curl -fsS -X POST "http://127.0.0.1:${port}/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"sam@demo.homegroup.local","password":"recovery-demo-1"}' >/dev/null \
  || { echo "smoke: the demo member could not log in"; exit 1; }

kill -INT "$pid"
for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then echo "smoke: the process did not stop on SIGINT"; kill -9 "$pid"; exit 1; fi
if [ -f "$data_dir/postmaster.pid" ]; then echo "smoke: the embedded PostgreSQL was left running"; exit 1; fi
echo "smoke: npm start became healthy, served the web app and the demo data and stopped cleanly"
rm -rf "$data_dir" "$log"
