#!/usr/bin/env bash
# Search benchmark (not a test): prints latency percentiles of search and suggest with the command and
# conditions that produced them.
#  1. uncached: the search caches hold nothing (l1-max-size 0, no Redis), so every request runs its SQL;
#  2. cached:   default caches (L1 only); prints the suggest cache's hit ratio from /actuator/prometheus.
# Both phases run SearchSimulation (open model, fixed arrival rates, Zipf-skewed query mix), each after
# a JIT warm-up and a discarded Gatling run of WARMUP at the same rates.
# The JIT warm-up is closed-loop wrk (2 connections, the same mix: one search per four suggest prefixes)
# in 10 s rounds until the server's JIT compiler threads used under 2 % of a core in a round (at most
# JIT_WARMUP_MAX=300 s). Measured on a 2-core AMD EPYC at scale 1: after 60 s at 20 searches + 80
# suggests/s the C2 compiler thread still took 28-44 % of a core during the measured run; closed loop
# at ~450 requests/s it went 5.7 s, 1.8 s, 0.8 s, 0.3 s, 0.14 s, 0.04 s per 20 s, so a server up for an
# hour is only reached after tens of thousands of requests. The Gatling warm-up that follows warms the
# connections and the phase's own rates. A fresh JVM interprets the search path for its
# first few hundred requests (measured: 13.5 ms of JVM CPU per search over the first 444, 4 ms after)
# and each new PostgreSQL connection plans its first statements with cold catalog caches (2-4 ms per
# statement instead of 0.1-0.3 ms), so an unwarmed 30 s run measures start-up more than search.
# WARMUP=0 skips it (the cold figures). WARMUP_SEARCH_RATE / WARMUP_SUGGEST_RATE run the warm-up at other
# rates than the phase (default: the phase's own): at 5 searches/s a 20 s warm-up is 100 searches, too
# few for the JIT to compile the search path, so the measured run still pays for interpreted code that a
# server up for an hour would not (state the warm-up with any figure). Each phase also prints the CPU the server and its database
# spent per request (from /proc; the load generator is not counted), which survives a loaded machine.
# Usage: scripts/bench-search.sh   (env: JIT_WARMUP_MAX=300 (0: no JIT warm-up), EMBEDDED_DB_DIR=./data/postgres (the data set to bench on; load
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
ensure_packages wrk wrk
# the query mix of the JIT warm-up comes from the load tests' SearchQueries
./mvnw -q -B -ntp -pl load-tests test-compile

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

# CPU ticks of the server's JIT compiler threads (C1 and C2).
jit_cpu_ticks() {
  local t total=0
  for t in /proc/"$APP_PID"/task/*; do
    if grep -q 'Compiler' "$t/comm" 2>/dev/null; then
      total=$(( total + $(awk '{print $14 + $15}' "$t/stat") ))
    fi
  done
  echo "$total"
}

# Closed-loop wrk over the query mix until the JIT compiler threads go quiet (see the header).
warm_until_compiled() {
  local max=${JIT_WARMUP_MAX:-300} spent=0 busy=100 c0 c1 tick
  [ "$max" -gt 0 ] || return 0
  tick=$(getconf CLK_TCK)
  [ -f "$WORK/queries.txt" ] || "$JAVA_HOME/bin/java" -cp load-tests/target/test-classes \
    dev.emporium.load.simulation.SearchQueries 4000 > "$WORK/queries.txt"
  { wrk_phase_lua 9; cat <<'LUA'
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do queries[#queries + 1] = line end
local function encode(text) return (text:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
local n = 0
request = function()
  n = n + 1
  local q = queries[math.random(#queries)]
  if n % 5 == 0 then return wrk.format("GET", "/api/v1/search?limit=24&q=" .. encode(q)) end
  return wrk.format("GET", "/api/v1/search/suggest?q=" .. encode(q:sub(1, math.random(2, 6))))
end
LUA
  } > "$WORK/mix.lua"
  while [ "$spent" -lt "$max" ] && [ "$busy" -ge 2 ]; do
    c0=$(jit_cpu_ticks)
    QUERIES="$WORK/queries.txt" wrk -t1 -c2 -d10s -s "$WORK/mix.lua" "$APP" -- jit > "$WORK/jit-warmup.log"
    c1=$(jit_cpu_ticks)
    spent=$(( spent + 10 ))
    busy=$(( 100 * (c1 - c0) / tick / 10 ))
  done
  echo "   JIT warm-up: ${spent} s of closed-loop wrk -c2 on the mix; compiler threads at ${busy} % of a core in the last 10 s; $(grep statuses "$WORK/jit-warmup.log")"
}

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
  warm_until_compiled
  if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
    run_simulation "$label-warmup" "${WARMUP_SEARCH_RATE:-$search_rate}" "${WARMUP_SUGGEST_RATE:-$suggest_rate}" \
      "$WARMUP" >/dev/null
  fi
  local tick; tick=$(getconf CLK_TCK)
  local jvm0 db0 n0 jvm1 db1 n1
  jvm0=$(jvm_cpu_ticks); db0=$(db_cpu_ticks "$EMBEDDED_DB_DIR"); n0=$(requests_served)
  read -r hits0 lookups0 < <(suggest_lookups)
  scrape > "$WORK/$label.before.prom"
  echo "   $label phase starts at load $(cut -d' ' -f1-3 /proc/loadavg)"
  run_simulation "$label" "$search_rate" "$suggest_rate"
  jvm1=$(jvm_cpu_ticks); db1=$(db_cpu_ticks "$EMBEDDED_DB_DIR"); n1=$(requests_served)
  read -r hits1 lookups1 < <(suggest_lookups)
  scrape > "$WORK/$label.after.prom"
  server_percentiles "$label" "$WORK/$label.before.prom" "$WORK/$label.after.prom"
  python3 -c "
n = $n1 - $n0
print(f'  {\"$label\"}: {n} search+suggest requests served; CPU per request: server JVM {1000 * ($jvm1 - $jvm0) / $tick / max(n, 1):.2f} ms,'
      f' PostgreSQL {1000 * ($db1 - $db0) / $tick / max(n, 1):.2f} ms (load generator not counted); load at end $(cut -d' ' -f1 /proc/loadavg)')"
}

scrape() {
  curl -fs ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$APP/actuator/prometheus"
}

# The server's own timing of the measured run (its http_server_requests histogram, before and after):
# the time from the request reaching the application to the response leaving it, without the client,
# the connection set-up or the load generator's share of the CPU. Percentiles are bucket upper bounds.
server_percentiles() {
  python3 - "$@" <<'PY'
import re, sys
label, before, after = sys.argv[1:4]
def buckets(path):
    found = {}
    for line in open(path):
        if line.startswith("http_server_requests_seconds_bucket") and 'status="200"' in line:
            uri = re.search(r'uri="([^"]+)"', line).group(1)
            if uri in ("/api/v1/search", "/api/v1/search/suggest"):
                le = re.search(r'le="([^"]+)"', line).group(1)
                key = (uri, float("inf") if le == "+Inf" else float(le))
                found[key] = found.get(key, 0) + float(line.rsplit(" ", 1)[1])
    return found
b, a = buckets(before), buckets(after)
for uri in ("/api/v1/search/suggest", "/api/v1/search"):
    rows = sorted((le, a[(u, le)] - b.get((u, le), 0)) for (u, le) in a if u == uri)
    total = rows[-1][1] if rows else 0
    if total == 0:
        continue
    def pct(p):
        return next(le for le, n in rows if n >= p * total) * 1000
    print(f"  {label:9s} server {uri:27s} n={int(total):6d}  p50<={pct(0.5):5.1f} ms  p95<={pct(0.95):5.1f} ms  p99<={pct(0.99):5.1f} ms")
PY
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
measured_phase cached "$CACHED_SEARCH_RATE" "$CACHED_SUGGEST_RATE"
hits=$(( hits1 - hits0 )); lookups=$(( lookups1 - lookups0 ))
if [ "$lookups" -gt 0 ]; then
  python3 -c "print(f'  suggest cache (measured run only): $hits hits / $lookups lookups = {$hits / $lookups:.1%} hit ratio')"
else
  echo "  no suggest lookups"
fi
