#!/usr/bin/env bash
# Search benchmark (not a test): prints latency percentiles of search and suggest with the command and
# conditions that produced them.
#  1. uncached: the search caches hold nothing (l1-max-size 0, no Redis), so every request runs its SQL;
#  2. cached:   default caches (L1 only); prints the suggest cache's hit ratio from /actuator/prometheus.
# Both phases run SearchSimulation (open model, fixed arrival rates, Zipf-skewed query mix), each after
# a discarded warm-up run of WARMUP at the same rates: a fresh JVM interprets the search path for its
# first few hundred requests (measured: 13.5 ms of JVM CPU per search over the first 444, 4 ms after)
# and each new PostgreSQL connection plans its first statements with cold catalog caches (2-4 ms per
# statement instead of 0.1-0.3 ms), so an unwarmed 30 s run measures start-up more than search.
# WARMUP=0 skips it (the cold figures). WARMUP_SEARCH_RATE / WARMUP_SUGGEST_RATE run the warm-up at other
# rates than the phase (default: the phase's own): at 5 searches/s a 20 s warm-up is 100 searches, too
# few for the JIT to compile the search path, so the measured run still pays for interpreted code that a
# server up for an hour would not (state the warm-up with any figure). Each phase also prints the CPU the server and its database
# spent per request (from /proc; the load generator is not counted), which survives a loaded machine.
# Usage: scripts/bench-search.sh   (env: EMBEDDED_DB_DIR=./data/postgres (the data set to bench on; load
#        scale 1 first with scripts/seed.sh 1), SEARCH_RATE=5, SUGGEST_RATE=20 (uncached phase),
#        CACHED_SEARCH_RATE=20, CACHED_SUGGEST_RATE=100, DURATION=60s, WARMUP=20s, APP_PORT=18092,
#        JAR=${JAR:-app/target/emporium.jar} (another build to compare, e.g. a copy of main's jar))
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
source scripts/server.sh
EMBEDDED_DB_DIR=${EMBEDDED_DB_DIR:-./data/postgres}
SEARCH_RATE=${SEARCH_RATE:-5}
SUGGEST_RATE=${SUGGEST_RATE:-20}
CACHED_SEARCH_RATE=${CACHED_SEARCH_RATE:-20}
CACHED_SUGGEST_RATE=${CACHED_SUGGEST_RATE:-100}
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-20s}
APP_PORT=${APP_PORT:-18092}
APP=http://127.0.0.1:$APP_PORT
JAR=${JAR:-app/target/emporium.jar}
WORK=$(mktemp -d /tmp/bench-search.XXXXXX)
[ -f "$JAR" ] || [ "$JAR" != app/target/emporium.jar ] || ./mvnw -q -B -ntp -DskipTests -pl app -am package

stop_app() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; APP_PID=; }
trap stop_app EXIT

start_app() {
  "$JAVA_HOME/bin/java" -XX:+UseG1GC -Xms512m -Xmx1g -jar "$JAR" --server.port="$APP_PORT" \
    --emporium.embedded-db.dir="$EMBEDDED_DB_DIR" --emporium.cache.redis-url= --logging.level.root=warn \
    --emporium.rate-limit.multiplier="${BENCH_RATE_LIMIT_MULTIPLIER:-1000}" "$@" \
    >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 300); do curl -fs "$APP/actuator/health/readiness" >/dev/null 2>&1 && return; sleep 1; done
  echo "app did not start; see $WORK/app.log"; exit 1
}

jvm_cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }

requests_served() {
  curl -fs ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$APP/actuator/prometheus" | awk '/^http_server_requests_seconds_count/ && /search/ {n += $2} END {print n + 0}'
}

run_simulation() {
  local label=$1 search_rate=$2 suggest_rate=$3 duration=${4:-$DURATION}
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.SearchSimulation \
    -DbaseUrl="$APP" -DsearchRate="$search_rate" -DsuggestRate="$suggest_rate" -Dduration="$duration" -DrampUp=10s \
    >"$WORK/$label.gatling.log" 2>&1 || true
  local dir; dir=$(ls -td load-tests/target/gatling/searchsimulation-* | head -1)
  "$JAVA_HOME/bin/java" -cp load-tests/target/classes dev.emporium.load.report.RequestSummaries "$dir/simulation.log" "$label"
}

# A measured phase: optional warm-up (discarded), then the run with the CPU it cost per request.
measured_phase() {
  local label=$1 search_rate=$2 suggest_rate=$3
  if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
    run_simulation "$label-warmup" "${WARMUP_SEARCH_RATE:-$search_rate}" "${WARMUP_SUGGEST_RATE:-$suggest_rate}" \
      "$WARMUP" >/dev/null
  fi
  local tick; tick=$(getconf CLK_TCK)
  local jvm0 db0 n0 jvm1 db1 n1
  jvm0=$(jvm_cpu_ticks); db0=$(db_cpu_ticks "$EMBEDDED_DB_DIR"); n0=$(requests_served)
  echo "   $label phase starts at load $(cut -d' ' -f1-3 /proc/loadavg)"
  run_simulation "$label" "$search_rate" "$suggest_rate"
  jvm1=$(jvm_cpu_ticks); db1=$(db_cpu_ticks "$EMBEDDED_DB_DIR"); n1=$(requests_served)
  python3 -c "
n = $n1 - $n0
print(f'  {\"$label\"}: {n} search+suggest requests served; CPU per request: server JVM {1000 * ($jvm1 - $jvm0) / $tick / max(n, 1):.2f} ms,'
      f' PostgreSQL {1000 * ($db1 - $db0) / $tick / max(n, 1):.2f} ms (load generator not counted); load at end $(cut -d' ' -f1 /proc/loadavg)')"
}

suggest_lookups() {
  curl -fs ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$APP/actuator/prometheus" | python3 -c '
import sys
hits = misses = 0
for line in sys.stdin:
    if line.startswith("emporium_cache_requests_total") and "cache=\"search-suggest\"" in line:
        value = float(line.rsplit(" ", 1)[1])
        if "result=\"hit\"" in line: hits += value
        elif "result=\"miss\"" in line and "tier=\"L1\"" in line: misses += value
print(int(hits), int(hits + misses))'
}

echo "== search benchmark: $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), jar $JAR, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   data: $EMBEDDED_DB_DIR; $DURATION steady after 10s ramp, each phase after a discarded warm-up of $WARMUP" \
  "(at ${WARMUP_SEARCH_RATE:-the phase rate of} searches/s + ${WARMUP_SUGGEST_RATE:-the phase rate of} suggests/s);"
echo "   uncached: search $SEARCH_RATE/s + suggest $SUGGEST_RATE/s; cached: search $CACHED_SEARCH_RATE/s + suggest $CACHED_SUGGEST_RATE/s"
start_app --emporium.cache.caches.search.l1-max-size=0 --emporium.cache.caches.search-suggest.l1-max-size=0 \
  --emporium.cache.caches.search-corrections.l1-max-size=0
echo "   products: $(curl -fs "$APP/api/v1/products?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')"
measured_phase uncached "$SEARCH_RATE" "$SUGGEST_RATE"
stop_app
start_app
read -r hits0 lookups0 < <(suggest_lookups)
measured_phase cached "$CACHED_SEARCH_RATE" "$CACHED_SUGGEST_RATE"
read -r hits1 lookups1 < <(suggest_lookups)
hits=$(( hits1 - hits0 )); lookups=$(( lookups1 - lookups0 ))
if [ "$lookups" -gt 0 ]; then
  python3 -c "print(f'  suggest cache (measured run only): $hits hits / $lookups lookups = {$hits / $lookups:.1%} hit ratio')"
else
  echo "  no suggest lookups"
fi
