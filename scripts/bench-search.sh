#!/usr/bin/env bash
# Search benchmark (not a test): prints latency percentiles of search and suggest with the command and
# conditions that produced them.
#  1. uncached: the search caches hold nothing (l1-max-size 0, no Redis), so every request runs its SQL;
#  2. cached:   default caches (L1 only); prints the suggest cache's hit ratio from /actuator/prometheus.
# Both phases run SearchSimulation (open model, fixed arrival rates, Zipf-skewed query mix).
# Usage: scripts/bench-search.sh   (env: EMBEDDED_DB_DIR=./data/postgres (the data set to bench on; load
#        scale 1 first with scripts/seed.sh 1), SEARCH_RATE=5, SUGGEST_RATE=20 (uncached phase),
#        CACHED_SEARCH_RATE=20, CACHED_SUGGEST_RATE=100, DURATION=60s, APP_PORT=18092)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
EMBEDDED_DB_DIR=${EMBEDDED_DB_DIR:-./data/postgres}
SEARCH_RATE=${SEARCH_RATE:-5}
SUGGEST_RATE=${SUGGEST_RATE:-20}
CACHED_SEARCH_RATE=${CACHED_SEARCH_RATE:-20}
CACHED_SUGGEST_RATE=${CACHED_SUGGEST_RATE:-100}
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
  local label=$1 search_rate=$2 suggest_rate=$3
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.SearchSimulation \
    -DbaseUrl="$APP" -DsearchRate="$search_rate" -DsuggestRate="$suggest_rate" -Dduration="$DURATION" -DrampUp=10s \
    >"$WORK/$label.gatling.log" 2>&1 || true
  local dir; dir=$(ls -td load-tests/target/gatling/searchsimulation-* | head -1)
  "$JAVA_HOME/bin/java" -cp load-tests/target/classes dev.emporium.load.report.RequestSummaries "$dir/simulation.log" "$label"
}

echo "== search benchmark: $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   data: $EMBEDDED_DB_DIR; $DURATION steady after 10s ramp; uncached: search $SEARCH_RATE/s + suggest $SUGGEST_RATE/s;"
echo "   cached: search $CACHED_SEARCH_RATE/s + suggest $CACHED_SUGGEST_RATE/s"
start_app --emporium.cache.caches.search.l1-max-size=0 --emporium.cache.caches.search-suggest.l1-max-size=0 \
  --emporium.cache.caches.search-corrections.l1-max-size=0
echo "   products: $(curl -fs "$APP/api/v1/products?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')"
run_simulation uncached "$SEARCH_RATE" "$SUGGEST_RATE"
stop_app
start_app
run_simulation cached "$CACHED_SEARCH_RATE" "$CACHED_SUGGEST_RATE"
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
