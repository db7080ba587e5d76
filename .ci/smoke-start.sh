#!/usr/bin/env bash
# The README's newcomer path on the embedded PostgreSQL: npm start (no DATABASE_URL), /health and the
# demo edition, Ctrl-C as a terminal sends it (SIGINT to the whole process group, twice), then a
# second start (timed, for information: no rebuild), a large synthetic edition seeded while it runs
# (the service keeps answering), and SIGTERM to the group. After each stop: nothing left running.
set -euo pipefail
cd "$(dirname "$0")/.."
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port)
pgport=$(free_port)
# The data folder sits in the system temporary folder: the postgres system user must reach it even
# when the checkout lives in a folder only root may enter (the binaries are then run from a copy).
smokedir="$(mktemp -d /tmp/congress-smoke-XXXXXX)"; chmod 755 "$smokedir"
datadir="$smokedir/postgres"
log=$(mktemp)
export PORT="$port" EMBEDDED_PG_PORT="$pgport" EMBEDDED_PG_DIR="$datadir"
unset DATABASE_URL
npm_pid=""
cleanup() {
  [ -n "$npm_pid" ] && kill -9 -- "-$npm_pid" 2>/dev/null || true
  pkill -9 -f "$datadir" 2>/dev/null || true
}
trap cleanup EXIT

start() { # npm start in a process group of its own, as a terminal runs it
  : >"$log"
  setsid npm start >"$log" 2>&1 &
  npm_pid=$!
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "$npm_pid" 2>/dev/null || { cat "$log"; echo "the service exited during start-up"; exit 1; }
    sleep 0.2
  done
  cat "$log"; echo "the service did not answer /health"; exit 1
}

stop_group() { # $1: signal, $2: how many times
  for _ in $(seq 1 "$2"); do kill "-$1" -- "-$npm_pid"; done
  local code=0
  wait "$npm_pid" || code=$?
  [ "$code" -eq 0 ] || { cat "$log"; echo "npm start exited $code after SIG$1 to its group"; exit 1; }
  for _ in $(seq 1 20); do pgrep -f "$datadir" >/dev/null || break; sleep 0.5; done
  if pgrep -f "$datadir" >/dev/null; then pgrep -af "$datadir"; cat "$log"; echo "PostgreSQL is still running after SIG$1"; exit 1; fi
  npm_pid=""
}

t0=$(date +%s%N)
start
echo "first start (build, initdb, migrations, demo): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
curl -fsS "http://127.0.0.1:$port/health" | grep -q '"status":"ok"' || { cat "$log"; echo "health is not ok"; exit 1; }
curl -fsS "http://127.0.0.1:$port/api/v1/events?slug=csco-2025" | grep -q '"slug":"csco-2025"' || { cat "$log"; echo "the demo edition is not listed"; exit 1; }
curl -fsS "http://127.0.0.1:$port/docs-json" | grep -q '"openapi"' || { echo "no OpenAPI document"; exit 1; }
grep -q "/docs" "$log" || { cat "$log"; echo "the start command does not print where the docs are"; exit 1; }
if sed '/Congress backend listening/q' "$log" | grep -E '^\{|FATAL'; then cat "$log"; echo "start-up is not quiet before the banner"; exit 1; fi
echo "service up on port $port with the demo edition"

stop_group INT 2
echo "Ctrl-C (SIGINT to the process group, twice) stopped the service and its PostgreSQL; exit code 0"

t0=$(date +%s%N)
start
echo "second start (no rebuild): $(( ($(date +%s%N) - t0) / 1000000 )) ms until /health answered"
grep -q "building dist/" "$log" && { cat "$log"; echo "the second start rebuilt dist/"; exit 1; }

npm run --silent seed:synthetic -- --sessions 300 --speakers 3000 --talks 1000 >"$smokedir/seed.log" 2>&1 || { cat "$smokedir/seed.log"; echo "seed:synthetic failed while the service ran"; exit 1; }
grep -q "using the running embedded PostgreSQL" "$smokedir/seed.log" || { cat "$smokedir/seed.log"; echo "seed:synthetic did not use the running server"; exit 1; }
event=$(grep -o '(/api/v1/events/[0-9a-f-]*/programme\|/api/v1/events/[0-9a-f-]*/programme' "$smokedir/seed.log" | head -n1 | sed 's/^(//')
curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || { cat "$log"; echo "the service stopped answering after seed:synthetic"; exit 1; }
curl -fsS -o /dev/null "http://127.0.0.1:$port$event" || { echo "the synthetic programme ($event) is not served"; exit 1; }
echo "seed:synthetic (300 sessions) ran against the running service, which still answers"

stop_group TERM 1
trap - EXIT
rm -rf "$smokedir" "$log"
echo "SIGTERM to the group stopped the service and its PostgreSQL; nothing left running"
