#!/usr/bin/env bash
# Starts the service as the README says (npm start, no DATABASE_URL), checks /health and the demo
# edition, sends SIGTERM and checks that the service and its PostgreSQL are gone.
set -euo pipefail
cd "$(dirname "$0")/.."
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
pgport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# The data folder sits in the system temporary folder: the postgres system user must reach it even
# when the checkout lives in a folder only root may enter (the binaries are then run from a copy).
smokedir="$(mktemp -d /tmp/congress-smoke-XXXXXX)"; chmod 755 "$smokedir"
datadir="$smokedir/postgres"
log=$(mktemp)
env -u DATABASE_URL PORT="$port" EMBEDDED_PG_PORT="$pgport" EMBEDDED_PG_DIR="$datadir" npm start >"$log" 2>&1 &
npm_pid=$!
cleanup() { kill -9 "$npm_pid" 2>/dev/null || true; pkill -9 -f "$datadir" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$npm_pid" 2>/dev/null || { cat "$log"; echo "the service exited during start-up"; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health" | grep -q '"status":"ok"' || { cat "$log"; echo "health is not ok"; exit 1; }
curl -fsS "http://127.0.0.1:$port/api/v1/events?slug=csco-2025" | grep -q '"slug":"csco-2025"' || { cat "$log"; echo "the demo edition is not listed"; exit 1; }
curl -fsS "http://127.0.0.1:$port/docs-json" | grep -q '"openapi"' || { echo "no OpenAPI document"; exit 1; }
grep -q "/docs" "$log" || { cat "$log"; echo "the start command does not print where the docs are"; exit 1; }
echo "service up on port $port with the demo edition"

descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }
tree="$npm_pid $(descendants "$npm_pid" | tr '\n' ' ')"
echo "process tree: $tree"
kill -TERM "$npm_pid"
for _ in $(seq 1 60); do
  alive=""
  for pid in $tree; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
  [ -z "$alive" ] && ! pgrep -f "$datadir" >/dev/null && break
  sleep 0.5
done
for pid in $tree; do
  if kill -0 "$pid" 2>/dev/null; then ps -o pid=,args= -p "$pid"; cat "$log"; echo "still running 30 s after SIGTERM"; exit 1; fi
done
if pgrep -f "$datadir" >/dev/null; then pgrep -af "$datadir"; echo "PostgreSQL is still running after SIGTERM"; exit 1; fi
trap - EXIT
rm -rf "$(dirname "$datadir")" "$log"
echo "SIGTERM stopped the service and its PostgreSQL; nothing left running"
