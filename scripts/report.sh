#!/usr/bin/env bash
# One command for the performance and production-readiness report:
#   builds if needed, starts Emporium (seeding the data set if needed), snapshots its counters, runs the
#   standard mixed workload (Gatling, open model) and a capacity search, stops the server, and writes
#   report/index.html and report/REPORT.md.
#
#   scripts/report.sh [--scale 0|1] [--duration 60] [--rate 20] [--ramp 10] [--warmup 20]
#                     [--capacity-steps 14] [--capacity-start 25] [--capacity-step 25] [--capacity-step-duration 10]
#                     [--p95 250] [--p99 500] [--out report] [--data-dir data/report-scaleN]
#
# Environment: SPRING_DATASOURCE_URL (+ _USERNAME, _PASSWORD) to use that PostgreSQL instead of an embedded one;
# REDIS_URL to run with the Redis L2 cache (and report Redis INFO). Everything runs on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
COMMAND="scripts/report.sh $*"

SCALE=0 DURATION=60 RATE=20 RAMP=10 WARMUP=20 OUT=report DATA_DIR=
CAP_STEPS=14 CAP_START=25 CAP_STEP=25 CAP_STEP_SECONDS=10 P95=250 P99=500
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2 ;;
    --duration) DURATION=${2%s} ;;
    --rate) RATE=$2 ;;
    --ramp) RAMP=${2%s} ;;
    --warmup) WARMUP=${2%s} ;;
    --capacity-steps) CAP_STEPS=$2 ;;
    --capacity-start) CAP_START=$2 ;;
    --capacity-step) CAP_STEP=$2 ;;
    --capacity-step-duration) CAP_STEP_SECONDS=${2%s} ;;
    --p95) P95=$2 ;;
    --p99) P99=$2 ;;
    --out) OUT=$2 ;;
    --data-dir) DATA_DIR=$2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift 2
done
DATA_DIR=${DATA_DIR:-data/report-scale$SCALE}

source scripts/java-home.sh
source scripts/server.sh
command -v psql >/dev/null || ensure_packages psql postgresql-client

MVN="./mvnw -B -ntp -q"
if [ ! -f app/target/emporium.jar ] || [ ! -d load-tests/target/classes/dev/emporium/load/report ] \
   || [ -n "$(find app/src load-tests/src -newer app/target/emporium.jar -type f 2>/dev/null | head -1)" ]; then
  echo "== building (./mvnw package -DskipTests)"
  $MVN -DskipTests package
fi

RAW="$OUT/raw"
rm -rf "$RAW"
mkdir -p "$RAW/prom/during" "$RAW/workload"
PORT=$(free_port)
BASE_URL="http://127.0.0.1:$PORT"

seed_args=()
if [ -z "${SPRING_DATASOURCE_URL:-}" ] && [ ! -f "$DATA_DIR/.emporium-scale-$SCALE" ]; then
  echo "== first run in $DATA_DIR: the server generates the scale-$SCALE data set before it reports ready"
  seed_args=(--emporium.seed.scale="$SCALE")
fi

cleanup() { [ -n "${SAMPLER_PID:-}" ] && kill "$SAMPLER_PID" 2>/dev/null; server_stop; }
trap cleanup EXIT

# the workload's dashboard journey (1 %) and its optional admin writes log in as this admin, which the
# server creates at start if it does not exist (EMPORIUM_ADMIN_EMAIL / _PASSWORD)
ADMIN_EMAIL=${REPORT_ADMIN_EMAIL:-report-admin@example.test}
ADMIN_PASSWORD=${REPORT_ADMIN_PASSWORD:-report-admin-password}
echo "== starting Emporium on $BASE_URL (log: $RAW/server.log)"
EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
  server_start "$PORT" "$ROOT/$DATA_DIR" "$RAW/server.log" "${seed_args[@]}"
server_wait_ready "$PORT" 3600
[ -z "${SPRING_DATASOURCE_URL:-}" ] && touch "$DATA_DIR/.emporium-scale-$SCALE"
PG=$(psql_url)

products=$(psql "$PG" -Atc "select count(*) from products" 2>/dev/null || echo "?")
customers=$(psql "$PG" -Atc "select count(*) from users where role = 'CUSTOMER'" 2>/dev/null || echo "?")
pg_version=$(psql "$PG" -Atc "show server_version" 2>/dev/null || echo "?")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (uncommitted changes)"
{
  echo "command=$COMMAND"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git.commit=$commit"
  echo "machine.cores=$(nproc)"
  echo "machine.cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "machine.memory=$(free -m | awk '/^Mem:/{printf "%.1f GiB", $2/1024}')"
  echo "machine.loadavg-before=$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other work on the machine skews every figure)"
  echo "machine.load-generator=Gatling on the same machine, sharing its cores with the server and PostgreSQL"
  echo "java.version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "server.options=${EMPORIUM_JAVA_OPTS:-JVM defaults}"
  echo "scale=$SCALE"
  echo "data.products=$products"
  echo "data.customers=$customers"
  echo "database=PostgreSQL $pg_version, $([ -n "${SPRING_DATASOURCE_URL:-}" ] && echo "external (${SPRING_DATASOURCE_URL%%\?*})" || echo "embedded (zonky) in $DATA_DIR")"
  echo "redis=$([ -n "${REDIS_URL:-}" ] && echo "$REDIS_URL (L2 cache on)" | sed -E 's#//[^@]*@#//#' || echo "none (L1 cache only)")"
  echo "workload.rate=$RATE"
  echo "workload.duration=$DURATION"
  echo "workload.rampUp=$RAMP"
  echo "workload.warmup=${WARMUP}s at the workload rate before the baseline, not measured (JIT, caches, pool)"
  echo "capacity.startRate=$CAP_START"
  echo "capacity.stepRate=$CAP_STEP"
  echo "capacity.steps=$CAP_STEPS"
  echo "capacity.stepSeconds=$CAP_STEP_SECONDS"
  echo "readiness.p95Ms=$P95"
  echo "readiness.p99Ms=$P99"
} > "$RAW/conditions.properties"

snapshot() {  # before|after
  curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE_URL/actuator/prometheus" > "$RAW/prom/$1.prom" || true
  psql "$PG" --csv -c "select relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) as idx_scan, n_live_tup
                       from pg_stat_user_tables order by relname" > "$RAW/pg_tables_$1.csv" 2>/dev/null || true
  psql "$PG" --csv -c "select relname, indexrelname, idx_scan from pg_stat_user_indexes order by indexrelname" \
    > "$RAW/pg_indexes_$1.csv" 2>/dev/null || true
  if psql "$PG" -Atc "select 1 from pg_stat_statements limit 1" >/dev/null 2>&1; then
    psql "$PG" --csv -c "select queryid, calls, total_exec_time, rows, query from pg_stat_statements
                         where dbid = (select oid from pg_database where datname = current_database())" \
      > "$RAW/pg_statements_$1.csv"
  else
    echo "pg_stat_statements is not installed in this database or not in shared_preload_libraries" > "$RAW/pg_statements.note"
  fi
  if [ -n "${REDIS_URL:-}" ]; then
    redis-cli -u "$REDIS_URL" INFO > "$RAW/redis_$1.txt" 2>/dev/null || true
  fi
}

sample_process() {  # epochMillis,rssBytes,cpuSeconds of the server
  local rss ticks
  rss=$(awk '/^VmRSS:/{print $2 * 1024}' "/proc/$EMPORIUM_PID/status" 2>/dev/null) || return 0
  ticks=$(awk '{print $14 + $15}' "/proc/$EMPORIUM_PID/stat" 2>/dev/null) || return 0
  echo "$(date +%s%3N),$rss,$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", t / hz}')" >> "$RAW/process.csv"
}

sampler() {
  while true; do
    curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE_URL/actuator/prometheus" > "$RAW/prom/during/$(date +%s%3N).prom" || true
    sample_process
    sleep 5
  done
}

gatling() {  # simulation-class target-dir extra -D args...
  local simulation=$1 target=$2
  shift 2
  local before
  before=$(ls -d load-tests/target/gatling/*/ 2>/dev/null | sort || true)
  $MVN -pl load-tests gatling:test -Dgatling.simulationClass="dev.emporium.load.simulation.$simulation" \
    -DbaseUrl="$BASE_URL" -Dscale="$SCALE" -DadminEmail="$ADMIN_EMAIL" -DadminPassword="$ADMIN_PASSWORD" "$@" \
    > "$target/gatling.log" 2>&1 || {
      echo "Gatling failed; see $target/gatling.log" >&2; tail -20 "$target/gatling.log" >&2; return 1; }
  local run
  run=$(comm -13 <(echo "$before") <(ls -d load-tests/target/gatling/*/ | sort) | tail -1)
  cp "$run/simulation.log" "$target/"
  rm -rf "$OUT/gatling-$(basename "$target")"
  cp -r "$run" "$OUT/gatling-$(basename "$target")"
}

if [ "$WARMUP" -gt 0 ]; then
  echo "== warm-up: $RATE journeys/s for ${WARMUP}s (not measured)"
  mkdir -p "$RAW/warmup"
  gatling MixedWorkloadSimulation "$RAW/warmup" -Drate="$RATE" -Dduration="${WARMUP}s" -DrampUp=1s
  rm -rf "$OUT/gatling-warmup"
fi

echo "== workload: $RATE journeys/s for ${DURATION}s after a ${RAMP}s ramp (scale $SCALE, $products products)"
sleep 2   # let the counting queries above reach pg_stat_* before the baseline is taken
snapshot before
sample_process
sampler & SAMPLER_PID=$!
gatling MixedWorkloadSimulation "$RAW/workload" -Drate="$RATE" -Dduration="${DURATION}s" -DrampUp="${RAMP}s"
kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
sample_process
sleep 2   # PostgreSQL publishes table statistics up to a second after a transaction ends
snapshot after

if [ "$CAP_STEPS" -gt 0 ]; then
  echo "== capacity search: $CAP_START journeys/s + $CAP_STEP every ${CAP_STEP_SECONDS}s, $CAP_STEPS levels"
  mkdir -p "$RAW/capacity"
  gatling CapacitySearchSimulation "$RAW/capacity" -DstartRate="$CAP_START" -DstepRate="$CAP_STEP" \
    -Dsteps="$CAP_STEPS" -DstepDuration="${CAP_STEP_SECONDS}s"
fi

echo "machine.loadavg-after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/conditions.properties"
echo "== stopping the server"
server_stop
trap - EXIT

"$JAVA_HOME/bin/java" -cp load-tests/target/classes dev.emporium.load.report.ReportGenerator "$RAW" "$OUT"
echo "== report: $OUT/index.html and $OUT/REPORT.md (Gatling's own reports: $OUT/gatling-workload/index.html)"
