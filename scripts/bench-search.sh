#!/usr/bin/env bash
# Search benchmark (not a test): prints latency percentiles of search and suggest with the command and
# conditions that produced them.
#  1. uncached: the search caches hold nothing (max-entries 0, no Redis), so every request runs its SQL;
#  2. cached:   default caches (L1 only); prints the suggest cache's hit ratio from /actuator/prometheus.
# Both phases run SearchSimulation (open model, fixed arrival rates, Zipf-skewed query mix).
# Usage: scripts/bench-search.sh   (env: EMBEDDED_DB_DIR=./data/postgres (the data set to bench on; load
#        scale 1 first with scripts/seed.sh 1), SEARCH_RATE=20, SUGGEST_RATE=60, DURATION=60s, APP_PORT=18092)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
EMBEDDED_DB_DIR=${EMBEDDED_DB_DIR:-./data/postgres}
SEARCH_RATE=${SEARCH_RATE:-20}
SUGGEST_RATE=${SUGGEST_RATE:-60}
DURATION=${DURATION:-60s}
APP_PORT=${APP_PORT:-18092}
APP=http://127.0.0.1:$APP_PORT
JAR=app/target/emporium.jar
WORK=$(mktemp -d /tmp/bench-search.XXXXXX)
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests -pl app -am package

stop_app() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; APP_PID=; }
trap stop_app EXIT

start_app() {
  "$JAVA_HOME/bin/java" -XX:+UseG1GC -Xms512m -Xmx1g -jar "$JAR" --server.port="$APP_PORT" \
    --emporium.embedded-db.dir="$EMBEDDED_DB_DIR" --emporium.cache.redis-url= --logging.level.root=warn "$@" \
    >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 300); do curl -fs "$APP/actuator/health/readiness" >/dev/null 2>&1 && return; sleep 1; done
  echo "app did not start; see $WORK/app.log"; exit 1
}

run_simulation() {
  local label=$1
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.SearchSimulation \
    -DbaseUrl="$APP" -DsearchRate="$SEARCH_RATE" -DsuggestRate="$SUGGEST_RATE" -Dduration="$DURATION" -DrampUp=10s \
    >"$WORK/$label.gatling.log" 2>&1 || true
  local dir; dir=$(ls -td load-tests/target/gatling/searchsimulation-* | head -1)
  python3 - "$dir" "$label" <<'PY'
import csv, glob, json, os, sys
d, label = sys.argv[1], sys.argv[2]
stats = json.load(open(os.path.join(d, "js", "stats.json"))) if os.path.exists(os.path.join(d, "js", "stats.json")) else None
if stats is None:
    txt = open(glob.glob(os.path.join(d, "js", "stats.js"))[0]).read()
    txt = txt[txt.index("{"):txt.rindex("}") + 1]
    stats = json.loads(txt)
for c in stats["contents"].values():
    s = c["stats"]
    def v(k): return s[k]["total"]
    print(f"  {label:9} {c['name']:22} n={v('numberOfRequests'):>6}  ko={s['numberOfRequests']['ko']:>4}  "
          f"mean={v('meanResponseTime')}ms  p50={v('percentiles1')}ms  p95={v('percentiles3')}ms  p99={v('percentiles4')}ms  max={v('maxResponseTime')}ms")
PY
}

echo "== search benchmark: $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   data: $EMBEDDED_DB_DIR; rates: search $SEARCH_RATE/s, suggest $SUGGEST_RATE/s, $DURATION steady after 10s ramp"
start_app --emporium.cache.caches.search.max-entries=0 --emporium.cache.caches.search-suggest.max-entries=0 \
  --emporium.cache.caches.search-corrections.max-entries=0
echo "   products: $(curl -fs "$APP/api/v1/products?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')"
run_simulation uncached
stop_app
start_app
run_simulation cached
curl -fs "$APP/actuator/prometheus" | python3 -c '
import re, sys
hits = misses = 0
for line in sys.stdin:
    if line.startswith("emporium_cache_requests_total") and "cache=\"search-suggest\"" in line:
        value = float(line.rsplit(" ", 1)[1])
        if "result=\"hit\"" in line: hits += value
        elif "result=\"miss\"" in line and "tier=\"L1\"" in line: misses += value
total = hits + misses
print(f"  suggest cache: {int(hits)} hits / {int(total)} lookups = {hits / total:.1%} hit ratio" if total else "  no suggest lookups")'
