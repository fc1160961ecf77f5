#!/usr/bin/env bash
# The admin dashboard's reads and the cost of keeping them fresh, in one run on one server:
#   1. each materialized view's REFRESH MATERIALIZED VIEW CONCURRENTLY (the 30-day product sales, the
#      dashboard counters, the fulfillment stats), timed RUNS times with psql, with its row count;
#   2. wrk with CONNECTIONS connections for DURATION seconds on GET /api/v1/admin/stats, the daily sales
#      (the last 30 days, all categories) and the top products, first flat out (closed loop: the
#      machine's throughput, latency = queueing on 2 cores), then paced (each connection waits PACE_MS
#      between requests: a steady load well below capacity, latency = service time under load);
#      req/s, p50/p95/p99, non-2xx;
#   3. the daily sales table's rounds (V20, ADR 0022: each round applies the order changes logged since
#      the previous one). The server runs them every ROUND_INTERVAL; the script logs the newest 24 hours
#      of orders as placed once more, and after those rounds as cancelled (what a busy day of placements
#      and then as many cancellations look like to the rounds; the figures end where they started), and
#      reads the rounds' count and total time from /actuator/prometheus, over ROUND_SECONDS at rest and
#      again during (4);
#   4. the daily-sales and stats reads, paced, while a loop refreshes the two analytics materialized views
#      concurrently, back to back, and the rounds of (3) go on: reads continue, at what latency.
# The issue's target is p99 <= 5 ms at scale 1 for the stats and daily reads. wrk runs on the same machine.
#
#   scripts/bench-analytics.sh [--scale 0|1] [--connections 16] [--duration 20] [--runs 5]
#
# The data set (data/report-scale$SCALE) is generated on first use; the seed ends with the views
# refreshed. The only change the script makes is (3)'s log, whose two halves cancel out. Bounded in time: about
# 6 x duration + refreshes + set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=0 CONNECTIONS=16 DURATION=20 RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2 ;; --connections) CONNECTIONS=$2 ;; --duration) DURATION=${2%s} ;; --runs) RUNS=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
THREADS=$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))
PACE_MS=${PACE_MS:-8} ROUND_INTERVAL=${ROUND_INTERVAL:-1s} ROUND_SECONDS=${ROUND_SECONDS:-15}
source scripts/java-home.sh
source scripts/server.sh
ensure_packages wrk wrk jq jq psql postgresql-client

WORK=$(mktemp -d)
REFRESHER=
trap '[ -n "$REFRESHER" ] && { touch "$WORK/stop"; wait "$REFRESHER"; }; server_stop; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
ADMIN_EMAIL=bench-admin@example.test ADMIN_PASSWORD=bench-admin-password
EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}" \
  server_start "$PORT" "$(pwd)/data/report-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE" \
    --emporium.analytics.daily-sales-interval="$ROUND_INTERVAL"
server_wait_ready "$PORT" 3600
PG=$(psql_url)
BASE="http://127.0.0.1:$PORT"
TOKEN=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | jq -r .accessToken)

# wrk's own summary has no p95: a done() hook prints the percentiles and the status counts
cat > "$WORK/report.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("%d requests in %.1f s = %.0f req/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, errors/non-2xx %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors))
end
LUA
# the same, each connection pausing PACE_MS between its requests (wrk's delay hook)
{ cat "$WORK/report.lua"; echo "delay = function() return tonumber(os.getenv(\"BENCH_PACE_MS\")) end"; } > "$WORK/paced.lua"
paced() {  # label path
  BENCH_TOKEN=$TOKEN BENCH_PACE_MS=$PACE_MS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$WORK/paced.lua" \
    "$BASE$2" > "$WORK/wrk.out"
  echo "$1: $(tail -1 "$WORK/wrk.out")"
}
round_metric() {  # count|sum of the daily sales rounds this server ran
  curl -sf "$BASE/actuator/prometheus" \
    | awk -v m="emporium_db_view_refresh_seconds_$1" '$0 ~ "^" m "\\{" && /view="analytics_daily_sales"/ {print $2}'
}
rounds_over() {  # seconds label: rounds run meanwhile and their mean time
  local c0 s0 c1 s1
  c0=$(round_metric count); s0=$(round_metric sum)
  sleep "$1"
  c1=$(round_metric count); s1=$(round_metric sum)
  awk -v c0="$c0" -v s0="$s0" -v c1="$c1" -v s1="$s1" -v label="$2" 'BEGIN {
    n = c1 - c0; printf "daily sales rounds %s: %d rounds, mean %.1f ms each\n", label, n, n ? (s1 - s0) * 1000 / n : 0 }'
}
measure() {  # label path
  BENCH_TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$WORK/report.lua" "$BASE$2" > "$WORK/wrk.out"
  echo "$1: $(tail -1 "$WORK/wrk.out")"
}
refresh_ms() {  # view -> milliseconds of one concurrent refresh
  psql "$PG" -Atq -c '\timing on' -c "refresh materialized view concurrently $1" | awk '/^Time:/ {print $2}'
}

echo "Conditions: $(conditions_line), load average $(cut -d' ' -f1-3 /proc/loadavg), scale $SCALE" \
  "($(psql "$PG" -Atc 'select count(*) from orders') orders, $(psql "$PG" -Atc 'select count(*) from order_lines') lines," \
  "$(psql "$PG" -Atc 'select count(*) from products') products), wrk on the same machine"

echo "== 1. concurrent refresh per materialized view, $RUNS runs each (ms; median first)"
for view in analytics_dashboard analytics_product_sales_30d fulfillment_stats; do
  times=$(for _ in $(seq 1 "$RUNS"); do refresh_ms "$view"; done | sort -n | tr '\n' ' ')
  median=$(echo "$times" | awk '{ print $(int((NF + 1) / 2)) }')
  echo "$view: median $median ms, all: $times($(psql "$PG" -Atc "select count(*) from $view") rows)"
done

curl -sf "$BASE/api/v1/admin/stats" -H "Authorization: Bearer $TOKEN" | jq -c '{asOf, products, customers, ordersToday}'
BENCH_TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/report.lua" "$BASE/api/v1/admin/stats" > /dev/null   # JIT warm-up
BENCH_TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/report.lua" "$BASE/api/v1/admin/sales/daily" > /dev/null
echo "== 2. wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, no refresh running"
measure "GET /api/v1/admin/stats      " /api/v1/admin/stats
measure "GET /api/v1/admin/sales/daily" /api/v1/admin/sales/daily
measure "GET /admin/sales/top-products" /api/v1/admin/sales/top-products

echo "== 2b. the same, paced: each connection waits ${PACE_MS} ms between requests"
paced "GET /api/v1/admin/stats       (paced)" /api/v1/admin/stats
paced "GET /api/v1/admin/sales/daily (paced)" /api/v1/admin/sales/daily
paced "GET /admin/sales/top-products (paced)" /api/v1/admin/sales/top-products

echo "== 3. daily sales rounds every $ROUND_INTERVAL, each applying the order changes logged since the last"
rounds_over "$ROUND_SECONDS" "with nothing changed, ${ROUND_SECONDS} s at rest"
log_newest_day() {  # sign: +1 placed, -1 cancelled
  psql "$PG" -Atqc "with t as (insert into order_sales_changes (order_id, sign)
    select id, $1 from orders where status <> 'CANCELLED'
       and created_at >= (select max(created_at) from orders) - interval '1 day' returning order_id)
    select count(*) from t"
}
echo "logged the newest 24 h of orders as placed again: $(log_newest_day 1) orders"
sleep 3   # the first round after the log
rounds_over "$ROUND_SECONDS" "after logging a day of placements, ${ROUND_SECONDS} s at rest"
echo "logged the same orders as cancelled, which restores the figures: $(log_newest_day -1) orders"
sleep 3

echo "== 4. paced reads while the analytics views are refreshed concurrently, back to back, and the rounds go on"
: > "$WORK/refreshed"
( while [ ! -f "$WORK/stop" ]; do
    for view in analytics_dashboard analytics_product_sales_30d; do
      psql "$PG" -Atqc "refresh materialized view concurrently $view" && echo "$view" >> "$WORK/refreshed"
    done
  done ) &
REFRESHER=$!
rounds_over $(( 2 * DURATION )) "during the two paced runs below" > "$WORK/rounds" &
ROUNDS=$!
paced "GET /api/v1/admin/sales/daily (paced, refreshing)" /api/v1/admin/sales/daily
paced "GET /api/v1/admin/stats       (paced, refreshing)" /api/v1/admin/stats
touch "$WORK/stop"; wait "$REFRESHER" || true; REFRESHER=   # the loop ends after its current refresh
wait "$ROUNDS"
echo "refreshes completed during the two runs: $(sort "$WORK/refreshed" | uniq -c | awk '{printf "%s %s, ", $2, $1}')"
cat "$WORK/rounds"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
