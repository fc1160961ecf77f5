#!/usr/bin/env bash
# The fulfillment readiness test, one command, bounded in time, printing every figure with its conditions:
#   1. closed model: --scanners (60) concurrent scanners for --duration (120 s), think time --think-min..--think-max
#      ms (500..1500), mixing single scans, child links, lookups, re-scans and stats (ScanningSimulation);
#      p50/p95/p99/max and errors per request type; the connection pool sampled every second (max active,
#      max pending, timeouts).
#   2. open model: new scans arriving at --cap-start (100)/s + --cap-step (100)/s every --cap-step-seconds (10),
#      --cap-steps (8) levels (ScanningCapacitySimulation): each level's p99, and the capacity (highest rate
#      with p99 <= 20 ms and no errors).
#   3. bulk ingestion: --batches (20) batches of --batch-size (10,000) new scans through POST /scans:batch with
#      --batch-clients (2) concurrent clients, then a raw psql COPY of the same rows (a parcel and an event
#      per scan, the same tables and indexes) in the same run: scans/s of both and their ratio.
#
#   scripts/bench-scanning.sh [--scale 1] [--quick] [--warmup 20]   --quick = scale 0, 30 s closed run, 4 short
#                                                                   levels, 5 batches; --warmup 0 = cold start
#
# Data: data/bench-scanning-scale$SCALE (generated on the first run: scale 1 = 800,000 parcels and
# 5,000,000 scan events; later runs reuse it and add the rows the benchmark writes). The load generator runs
# on the same machine; on a shared machine every figure is printed with the load average around it.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=1 SCANNERS=60 DURATION=120 THINK_MIN=500 THINK_MAX=1500
CAP_START=100 CAP_STEP=100 CAP_STEPS=8 CAP_STEP_SECONDS=10 BOUND=20
BATCHES=20 BATCH_SIZE=10000 BATCH_CLIENTS=2 BUILD=1 WARMUP=20
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SCALE=0 DURATION=30 CAP_STEPS=4 CAP_STEP_SECONDS=5 BATCHES=5; shift; continue ;;
    --no-build) BUILD=0; shift; continue ;;
    --scale) SCALE=$2 ;; --scanners) SCANNERS=$2 ;; --duration) DURATION=${2%s} ;;
    --think-min) THINK_MIN=$2 ;; --think-max) THINK_MAX=$2 ;;
    --cap-start) CAP_START=$2 ;; --cap-step) CAP_STEP=$2 ;; --cap-steps) CAP_STEPS=$2 ;;
    --cap-step-seconds) CAP_STEP_SECONDS=$2 ;; --batches) BATCHES=$2 ;; --batch-size) BATCH_SIZE=$2 ;;
    --batch-clients) BATCH_CLIENTS=$2 ;; --warmup) WARMUP=${2%s} ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages psql postgresql-client jq jq curl curl python3 python3

MVN="./mvnw -B -ntp -q"
WORK=$(mktemp -d)
SAMPLER_PID=
LOG_KEEP="data/bench-scanning-last-server.log"
trap '[ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null; server_stop; cp "$WORK/server.log" "$LOG_KEEP" 2>/dev/null; rm -rf "$WORK"' EXIT
if [ "$BUILD" = 1 ] || [ ! -f app/target/emporium.jar ]; then
  echo "== building (not measured)"
  $MVN -DskipTests package
  $MVN -pl load-tests test-compile
fi
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
load() { cut -d' ' -f1-3 /proc/loadavg; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$EMPORIUM_PID/stat"; }
echo "== server at scale $SCALE (data/bench-scanning-scale$SCALE; the first run generates it)"
started=$(date +%s)
EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}" \
  server_start "$PORT" "$(pwd)/data/bench-scanning-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE"
server_wait_ready "$PORT" 3600 || { echo "server log: $LOG_KEEP" >&2; exit 1; }
grep -E "Fulfillment loaded|Data set loaded" "$WORK/server.log" | sed 's/^.*: /  generated: /' || true
echo "  ready after $(( $(date +%s) - started )) s"
PG=$(psql_url)
PARCELS=$(psql "$PG" -Atc "select count(*) from parcels")
EVENTS=$(psql "$PG" -Atc "select count(*) from scan_events")
STAFF=$(psql "$PG" -Atc "select count(*) from users where role = 'STAFF' and email like 'staff%@demo.emporium.dev'")
psql "$PG" -Atc "select qr from parcels order by random() limit 20000" > "$WORK/codes.txt"

login_staff() {
  : > "$WORK/tokens.txt"
  for n in $(seq 1 "$STAFF"); do
    curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"staff$n@demo.emporium.dev\",\"password\":\"emporium-demo\"}" | jq -r .accessToken >> "$WORK/tokens.txt"
  done
}
sample_pool() {
  while true; do
    curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE/actuator/prometheus" | awk -v t="$(date +%s)" '
      /^hikaricp_connections_active\{/ {a=$2} /^hikaricp_connections_pending\{/ {p=$2}
      /^hikaricp_connections_max\{/ {m=$2} /^hikaricp_connections_timeout_total\{/ {o=$2}
      END {print t, a+0, p+0, m+0, o+0}' >> "$WORK/pool.txt" || true
    sleep 1
  done
}
pool_summary() {
  awk 'NR==1{t0=$5} {if ($2>a) a=$2; if ($3>p) p=$3; m=$4; t=$5} END {
    printf "pool: max %d connections, at most %d active and %d waiting (sampled every 1 s, %d samples), %d acquisition timeouts\n", m, a, p, NR, t-t0}' "$WORK/pool.txt"
}
gatling() {  # simulation-class log-name extra -D args...
  local simulation=$1 name=$2
  shift 2
  local before run
  before=$(ls -d load-tests/target/gatling/*/ 2>/dev/null | sort || true)
  $MVN -o -pl load-tests gatling:test -Dgatling.simulationClass="dev.emporium.load.simulation.$simulation" \
    -DbaseUrl="$BASE" -Dscale="$SCALE" -DtokensFile="$WORK/tokens.txt" -DcodesFile="$WORK/codes.txt" "$@" \
    > "$WORK/$name.log" 2>&1 || { echo "Gatling failed:" >&2; tail -30 "$WORK/$name.log" >&2; return 1; }
  run=$(comm -13 <(echo "$before") <(ls -d load-tests/target/gatling/*/ | sort) | tail -1)
  cp "$run/simulation.log" "$WORK/$name.simulation.log"
  echo "  Gatling report: $run/index.html"
}

echo
echo "Conditions: $(conditions_line), scale $SCALE ($PARCELS parcels, $EVENTS scan events, $STAFF staff), server heap ${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}, load generator on the same machine"
echo "Durability: $(psql "$PG" -Atc "select string_agg(name || '=' || setting, ' ') from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')"), pool $(curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE/actuator/prometheus" | awk '/^hikaricp_connections_max\{/{print $2+0}') connections"

echo
echo "== 0. single statements at this scale, EXPLAIN ANALYZE (warm), and the stats refresh the background job runs (load average: $(load))"
SAMPLE_PARENT=$(psql "$PG" -Atc "select qr from parcels where kind = 'PARENT' and child_count > 20 order by id desc limit 1")
explain() {  # label sql
  local ms
  psql "$PG" -Atc "$2" >/dev/null
  ms=$(psql "$PG" -Atc "explain (analyze, format json) $2" | jq -r '.[0]["Execution Time"]')
  printf '  %-58s %8.3f ms  %s\n' "$1" "$ms" \
    "$(psql "$PG" -Atc "explain (format json) $2" | jq -r '[.. | objects | select(has("Node Type")) | .["Node Type"] + (if .["Index Name"] then "(" + .["Index Name"] + ")" else "" end)] | join(" > ")')"
}
explain "parcel by code + parent code + last scan" "select c.id, p.qr, e.id from parcels c left join parcels p on p.id = c.parent_id left join lateral (select id from scan_events where parcel_id = c.id order by scanned_at desc, id desc limit 1) e on true where c.qr = '$SAMPLE_PARENT'" || true
explain "list: status=DELIVERED, first page of 50" "select c.id, p.qr from parcels c left join parcels p on p.id = c.parent_id where c.status = 'DELIVERED' order by c.created_at desc, c.id desc limit 51" || true
explain "list: children of a parent" "select c.id, p.qr from parcels c left join parcels p on p.id = c.parent_id where c.parent_id = (select id from parcels where qr = '$SAMPLE_PARENT') order by c.created_at desc, c.id desc limit 51" || true
explain "history of a parcel" "select id from scan_events where parcel_id = (select id from parcels where qr = '$SAMPLE_PARENT') order by scanned_at desc, id desc limit 51" || true
explain "stats read" "select section, k1, k2, value, as_of from fulfillment_stats" || true
psql "$PG" -At > "$WORK/refresh.txt" <<'SQL' || true
\timing on
begin;
set local enable_seqscan = off;
refresh materialized view concurrently fulfillment_stats;
commit;
SQL
echo "  stats view refresh (concurrently, index-only): $(grep -i '^Time' "$WORK/refresh.txt" | sed -n 3p)"

echo
echo "== 1. closed model: $SCANNERS scanners, ${DURATION}s, think ${THINK_MIN}..${THINK_MAX} ms (load average before: $(load))"
login_staff
if [ "$WARMUP" -gt 0 ]; then
  # a just-started JVM interprets the scan path for its first few thousand requests; the other benchmarks
  # warm up the same way (not measured; the measured run still starts all its scanners at once)
  echo "  warm-up (not measured): 10 scanners for ${WARMUP}s"
  gatling ScanningSimulation warmup -Dscanners=10 -Dduration="${WARMUP}s" -DthinkMin=100ms -DthinkMax=300ms > /dev/null
fi
: > "$WORK/pool.txt"
sample_pool & SAMPLER_PID=$!
cpu0=$(cpu_ticks)
gatling ScanningSimulation closed -Dscanners="$SCANNERS" -Dduration="${DURATION}s" -DthinkMin="${THINK_MIN}ms" -DthinkMax="${THINK_MAX}ms"
kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
echo "  load average after: $(load)"
echo "  $(pool_summary)"
echo "  server JVM CPU during the run (Gatling start-up included): $(( ($(cpu_ticks) - cpu0) / 100 )) s"

echo
echo "== 2. open model capacity: $CAP_START scans/s + $CAP_STEP every ${CAP_STEP_SECONDS}s, $CAP_STEPS levels (load average before: $(load))"
login_staff
: > "$WORK/pool.txt"
sample_pool & SAMPLER_PID=$!
gatling ScanningCapacitySimulation capacity -DstartRate="$CAP_START" -DstepRate="$CAP_STEP" -Dsteps="$CAP_STEPS" \
  -DstepDuration="${CAP_STEP_SECONDS}s"
kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
echo "  load average after: $(load)"
echo "  $(pool_summary)"
echo
"$JAVA_HOME/bin/java" -cp load-tests/target/classes dev.emporium.load.report.ScanningBenchSummary \
  "$WORK/closed.simulation.log" "$WORK/capacity.simulation.log" "$CAP_START" "$CAP_STEP" "$CAP_STEPS" \
  "$(( CAP_STEP_SECONDS * 1000 ))" "$BOUND"

echo
echo "== 3. bulk ingestion: $BATCHES x $BATCH_SIZE scans through POST /scans:batch, $BATCH_CLIENTS clients, vs psql COPY of the same rows"
RUN=$(date +%s | tail -c 7)
python3 - "$WORK" "$RUN" "$BATCHES" "$BATCH_SIZE" <<'PY'
import json, sys
work, run, batches, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
areas = ["A01", "A02", "A03", "A05", "A08", "A13", "DOCK-1"]
with open(f"{work}/copy-parcels.tsv", "w") as parcels, open(f"{work}/copy-events.tsv", "w") as events:
    for b in range(batches):
        lines = []
        for i in range(size):
            n = b * size + i
            area = areas[n % len(areas)]
            lines.append({"scanId": f"k{run}-{n:08d}", "qr": f"C-K{run}{n:08d}", "area": area})
            parcels.write(f"C-R{run}{n:08d}\tCHILD\tSCANNED_IN\t{area}\n")
            events.write(f"{n}\tCREATED\tSCANNED_IN\t{area}\n")
        with open(f"{work}/batch-{b:04d}.json", "w") as f:
            json.dump({"scans": lines}, f, separators=(",", ":"))
PY
echo "  body size of one batch: $(stat -c %s "$WORK/batch-0000.json") bytes"
login_staff
TOKEN=$(head -1 "$WORK/tokens.txt")
# warm-up: one small batch, not measured
printf '{"scans":[{"scanId":"warm-%s-1","qr":"C-W%s0001","area":"A01"}]}' "$RUN" "$RUN" \
  | curl -sf "$BASE/api/v1/fulfillment/scans:batch" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @- >/dev/null
echo "  load average before: $(load)"
before_cpu=$(cpu_ticks)
t0=$(date +%s%N)
ls "$WORK"/batch-*.json | xargs -P "$BATCH_CLIENTS" -I{} sh -c \
  "curl -s -o {}.out -w '%{http_code} %{time_total}\n' '$BASE/api/v1/fulfillment/scans:batch' -H 'Authorization: Bearer $TOKEN' -H 'Content-Type: application/json' --data-binary @{}" \
  > "$WORK/batch-status.txt"
t1=$(date +%s%N)
after_cpu=$(cpu_ticks)
ok=$(grep -c '^200 ' "$WORK/batch-status.txt" || true)
accepted=$(cat "$WORK"/batch-*.json.out | jq -s 'map(.accepted // 0) | add')
total=$(( BATCHES * BATCH_SIZE ))
awk -v n="$accepted" -v total="$total" -v ok="$ok" -v b="$BATCHES" -v t0="$t0" -v t1="$t1" -v cpu=$(( after_cpu - before_cpu )) \
  -v size="$BATCH_SIZE" 'BEGIN { s = (t1 - t0) / 1e9;
  printf "  HTTP batch: %d of %d scans accepted (%d/%d batches 200) in %.2f s = %.0f scans/s end to end (batch size %d); server CPU %.1f s = %.1f µs per scan\n",
    n, total, ok, b, s, n / s, size, cpu / 100, cpu / 100 / n * 1e6 }'
awk '{print $2}' "$WORK/batch-status.txt" | sort -n | awk '{a[NR]=$1} END {printf "  per batch: median %.3f s, max %.3f s\n", a[int((NR+1)/2)], a[NR]}'
echo "  load average after: $(load)"
START_ID=$(psql "$PG" -Atc "select nextval(pg_get_serial_sequence('parcels', 'id'))")
awk -v start="$START_ID" -F'\t' -v staff="$(psql "$PG" -Atc "select min(id) from users where role = 'STAFF'")" \
  'BEGIN{OFS="\t"} {print $1 + start + 1, $2, $3, $4, staff}' "$WORK/copy-events.tsv" > "$WORK/copy-events-ids.tsv"
echo "  load average before COPY: $(load)"
c0=$(date +%s%N)
psql "$PG" -q -v ON_ERROR_STOP=1 <<SQL
begin;
\copy parcels (qr, kind, status, area) from '$WORK/copy-parcels.tsv'
\copy scan_events (parcel_id, action, status, area, scanned_by) from '$WORK/copy-events-ids.tsv'
commit;
SQL
c1=$(date +%s%N)
copied=$(psql "$PG" -Atc "select count(*) from parcels where qr like 'C-R$RUN%'")
awk -v n="$copied" -v c0="$c0" -v c1="$c1" -v http="$accepted" -v t0="$t0" -v t1="$t1" 'BEGIN {
  s = (c1 - c0) / 1e9; h = http / ((t1 - t0) / 1e9);
  printf "  psql COPY of the same rows (%d parcels + %d events, one transaction): %.2f s = %.0f scans/s\n", n, n, s, n / s;
  printf "  ratio HTTP batch / raw COPY = %.2f\n", h / (n / s) }'
echo "  load average after: $(load)"
