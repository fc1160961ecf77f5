#!/usr/bin/env bash
# Order placement side by side with PostgreSQL's own TPC-B-like benchmark, in one run, on one server:
#   0. warm-up: WARMUP seconds (default 60) of closed-loop placements with wrk, not measured. On the
#      2-core Intel Xeon a 20 s warm-up left the JIT compiling inside the measured window (see
#      bench-transfers.sh); the old 10 s at 10 orders/s measured a cold server;
#   1. pgbench (default script) with N clients for D seconds -> tps, the physical anchor;
#   2. capacity, closed loop: wrk with N connections for D seconds, the same order mix -> committed
#      orders/s, its ratio to pgbench tps, p50/p99, and server CPU per order split into JVM, PostgreSQL
#      and the rest of the machine (the load generator);
#   3. Gatling open model: POST /api/v1/orders at a FIXED ARRIVAL RATE of RATIO x pgbench tps
#      (default 0.4), 1-3 distinct products per order drawn Zipf-skewed (exponent 1) from the 20,000
#      most popular, each with auth, JSON, an idempotency key, the stock take, the ledger payment and the
#      audit row in one transaction; meanwhile the two hottest list pages are read at LIST_RATE/s and
#      their cache hit ratio is measured (order traffic must not flush them);
#   4. Gatling open model: GET /api/v1/orders?limit=20 (order history of customers with ~10 orders each at
#      scale 1) at HISTORY_RATE/s -> p99.
# Prints committed orders/s, the ratio to pgbench tps, p50/p95/p99, server CPU-seconds per order, the list
# hit ratio, and the ledger verification afterwards. Durability settings are the server's (printed).
#
#   scripts/bench-orders.sh [--scale 0|1] [--clients 32] [--duration 60] [--ratio 0.4] [--customers 64]
#                           [--history-rate 50] [--list-rate 50] [--rate N] [--warmup 60]
#   --rate N offers N orders/s instead of RATIO x pgbench tps (the ratio is still reported)
#
# The server's load-shedding queue is widened to the client count (--emporium.shedding.queue-size), as
# in bench-transfers.sh, so the closed loop measures placements rather than immediate 503s.
# The data set (data/report-scale$SCALE, generated on first use) is modified: the 20,000 most popular
# products get stock 1,000,000 so the benchmark measures placements rather than sell-outs (409s still
# count, separately), and the benchmark customers get a deposit. Bounded in time: about warm-up + 4 x duration + set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=32 DURATION=60 SCALE=1 RATIO=0.4 CUSTOMERS=64 HISTORY_RATE=50 LIST_RATE=50 FIXED_RATE= WARMUP=60
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS=$2 ;; --duration) DURATION=${2%s} ;; --scale) SCALE=$2 ;; --ratio) RATIO=$2 ;;
    --customers) CUSTOMERS=$2 ;; --history-rate) HISTORY_RATE=$2 ;; --list-rate) LIST_RATE=$2 ;; --rate) FIXED_RATE=$2 ;; --warmup) WARMUP=${2%s} ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages pgbench postgresql-contrib jq jq wrk wrk

WORK=$(mktemp -d)
KEEP=target/bench-orders  # the server's and Gatling's logs of the last run, for diagnosis
trap 'server_stop; rm -rf "$KEEP"; mkdir -p "$KEEP"; cp "$WORK"/*.log "$KEEP"/ 2>/dev/null; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
./mvnw -B -ntp -q -pl load-tests test-compile >/dev/null
PORT=$(free_port)
DATA_DIR="$(pwd)/data/report-scale$SCALE"
ADMIN_EMAIL=bench-admin@example.test ADMIN_PASSWORD=bench-admin-password
EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}" \
  server_start "$PORT" "$DATA_DIR" "$WORK/server.log" --emporium.seed.scale="$SCALE" \
    --emporium.shedding.queue-size="$CLIENTS"
server_wait_ready "$PORT" 3600
PG=$(psql_url)
BASE="http://127.0.0.1:$PORT"
PGBENCH_URL="${PG%/*}/emporium_pgbench"
psql "$PG" -Atc "select 1 from pg_database where datname = 'emporium_pgbench'" | grep -q 1 \
  || psql "$PG" -qc "create database emporium_pgbench"
psql "$PGBENCH_URL" -Atc "select 1 from pgbench_accounts limit 1" >/dev/null 2>&1 || pgbench -q -i -s 10 "$PGBENCH_URL" >/dev/null 2>&1

login() { curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$1\",\"password\":\"$2\"}" | jq -r .accessToken; }
ADMIN_TOKEN=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD")
TOTAL_CUSTOMERS=$(psql "$PG" -Atc "select count(*) from wallet_accounts where kind = 'CUSTOMER'")
echo "logging in $CUSTOMERS customers and depositing 50,000.00 each (bcrypt and deposits not measured)"
: > "$WORK/tokens"
for n in $(seq 1 "$CUSTOMERS"); do
  email="customer$(( (n * 2654435761) % (TOTAL_CUSTOMERS - 2) + 1 ))@demo.emporium.dev"
  login "$email" emporium-demo >> "$WORK/tokens"
  curl -sf "$BASE/api/v1/admin/wallet/deposits" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: bench-orders-$n-$(date +%s)" -d "{\"email\":\"$email\",\"amount\":5000000}" > /dev/null
done
psql "$PG" -Atc "select id from products where active and currency = 'EUR' and price > 0
                 order by popularity desc, id limit 20000" > "$WORK/products"
psql "$PG" -qc "update products set stock = 1000000 where id in (select id from products where active and currency = 'EUR'
                and price > 0 order by popularity desc, id limit 20000) and stock < 1000000"

RUN=$(date +%s)
cat > "$WORK/order.lua" <<LUA
-- one order per request: 1-3 distinct products drawn Zipf(1)-skewed from the products file (most
-- popular first), one unit each, a random buyer's token, a fresh Idempotency-Key; counts statuses
local tokens, products, cdf = {}, {}, {}
for line in io.lines("$WORK/tokens") do tokens[#tokens + 1] = line end
for line in io.lines("$WORK/products") do products[#products + 1] = line end
local sum = 0
for k = 1, #products do sum = sum + 1 / k; cdf[k] = sum end
for k = 1, #products do cdf[k] = cdf[k] / sum end
local function rank()
  local u, lo, hi = math.random(), 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end
local counter = 0
$(wrk_phase_lua 2000)
request = function()
  counter = counter + 1
  local seen, items = {}, {}
  for i = 1, math.random(1, 3) do
    local id = products[rank()]
    if not seen[id] then seen[id] = true; items[#items + 1] = '{"productId":' .. id .. ',"quantity":1}' end
  end
  return wrk.format("POST", "/api/v1/orders", {
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-orders-$RUN-" .. phase .. "-" .. tid .. "-" .. counter }, '{"items":[' .. table.concat(items, ",") .. ']}')
end
LUA

gatling() {  # label extra -D args...
  local label=$1; shift
  local before; before=$(ls -d load-tests/target/gatling/*/ 2>/dev/null | sort || true)
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.OrderPlacementSimulation \
    -DbaseUrl="$BASE" -Dscale="$SCALE" -DtokenFile="$WORK/tokens" -DproductFile="$WORK/products" "$@" \
    > "$WORK/$label.gatling.log" 2>&1 || true
  local run; run=$(comm -13 <(echo "$before") <(ls -d load-tests/target/gatling/*/ | sort) | tail -1)
  "$JAVA_HOME/bin/java" -cp load-tests/target/classes dev.emporium.load.report.RequestSummaries "$run/simulation.log" "$label"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$EMPORIUM_PID/stat"; }
machine_busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
orders_now() { psql "$PG" -Atc "select count(*) from orders"; }
cache_counts() {  # hits misses of product-pages + popular
  curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE/actuator/prometheus" | awk '/^emporium_cache_requests_total/ && /cache="(product-pages|popular)"/ {
    if ($0 ~ /result="hit"/) h += $NF; else if ($0 ~ /result="miss"/ && $0 ~ /tier="L1"/) m += $NF } END { printf "%d %d\n", h, m }'
}

echo "Conditions: $(conditions_line), load average $(cut -d' ' -f1-3 /proc/loadavg), scale $SCALE ($(orders_now) orders), $CLIENTS pgbench clients, ${DURATION}s each, $CUSTOMERS buyers, load generators on the same machine"
echo "Durability: $(psql "$PG" -Atc "select string_agg(name || '=' || setting, ' ') from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')")"
echo "\$ wrk -t2 -c$CLIENTS -d${WARMUP}s -s order.lua $BASE   (warm-up, not measured)"
wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s "$WORK/order.lua" "$BASE" -- warmup > /dev/null
echo "\$ pgbench -n -c $CLIENTS -j 2 -T $DURATION emporium_pgbench   (TPC-B-like)"
pgbench -n -c "$CLIENTS" -j 2 -T "$DURATION" "$PGBENCH_URL" > "$WORK/pgbench.txt" 2>&1
tps=$(awk -F'= ' '/^tps/{split($2, a, " "); print a[1]}' "$WORK/pgbench.txt")
RATE=${FIXED_RATE:-$(awk -v t="$tps" -v r="$RATIO" 'BEGIN { printf "%d", t * r + 0.5 }')}
echo "pgbench TPC-B-like: $tps tps (latency average $(awk -F'= ' '/latency average/{print $2}' "$WORK/pgbench.txt"))"

echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -s order.lua $BASE   (capacity, closed loop)"
before_count=$(orders_now); before_cpu=$(cpu_ticks); before_db=$(db_cpu_ticks "$DATA_DIR"); before_busy=$(machine_busy_ticks)
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s "$WORK/order.lua" "$BASE" -- capacity > "$WORK/capacity.txt"
after_cpu=$(cpu_ticks); after_db=$(db_cpu_ticks "$DATA_DIR"); after_busy=$(machine_busy_ticks); after_count=$(orders_now)
awk -v c=$(( after_count - before_count )) -v d="$DURATION" -v t="$tps" -v cpu=$(( after_cpu - before_cpu )) \
  -v db=$(( after_db - before_db )) -v busy=$(( after_busy - before_busy )) \
  -v p50="$(awk '$1=="50%"{print $2}' "$WORK/capacity.txt")" -v p99="$(awk '$1=="99%"{print $2}' "$WORK/capacity.txt")" 'BEGIN {
    printf "capacity: %.0f committed orders/s, p50 %s, p99 %s; ratio to pgbench tps %.3f\n", c / d, p50, p99, (c / d) / t
    printf "CPU per committed order: JVM %.2f ms + PostgreSQL %.2f ms + rest of the machine %.2f ms\n",
      cpu * 10 / c, db * 10 / c, (busy - cpu - db) * 10 / c }'
echo "  $(grep '^statuses:' "$WORK/capacity.txt")"

echo "\$ Gatling OrderPlacementSimulation -DorderRate=$RATE$( [ -z "$FIXED_RATE" ] && echo " (= $RATIO x pgbench tps)") -DlistRate=$LIST_RATE -Dduration=${DURATION}s -DrampUp=10s"
read -r hits0 misses0 < <(cache_counts)
before_count=$(orders_now); before_cpu=$(cpu_ticks); before_db=$(db_cpu_ticks "$DATA_DIR"); before_busy=$(machine_busy_ticks)
started=$(date +%s)
gatling placement -DorderRate="$RATE" -DlistRate="$LIST_RATE" -Dduration="${DURATION}s" -DrampUp=10s
after_cpu=$(cpu_ticks); after_db=$(db_cpu_ticks "$DATA_DIR"); after_busy=$(machine_busy_ticks)
after_count=$(orders_now); elapsed=$(( $(date +%s) - started ))
read -r hits1 misses1 < <(cache_counts)
committed=$(( after_count - before_count ))
awk -v c="$committed" -v d="$DURATION" -v e="$elapsed" -v t="$tps" -v cpu=$(( after_cpu - before_cpu )) -v r="$RATE" 'BEGIN {
  offered = r * (d + 5)
  printf "orders committed: %d of about %d offered (10 s ramp to %d/s, then %d s at %d/s; the run took %d s)\n", c, offered, r, d, r, e
  printf "committed orders/s: %.1f (counting the ramp as 5 s at full rate); %.1f ms of server CPU per committed order\n", c / (d + 5), c ? cpu * 10 / c : 0
  printf "Ratio: committed orders/s / pgbench TPC-B tps = %.3f (offered %.3f)\n", (c / (d + 5)) / t, r / t }'
# Gatling is a JVM on the same 2 cores: what it takes is not there for the server
awk -v e="$elapsed" -v cpu=$(( after_cpu - before_cpu )) -v db=$(( after_db - before_db )) -v busy=$(( after_busy - before_busy )) 'BEGIN {
  printf "machine CPU over those %d s: server JVM %.0f s, PostgreSQL %.0f s, everything else (Gatling, Maven) %.0f s\n",
    e, cpu / 100, db / 100, (busy - cpu - db) / 100 }'
awk -v h=$(( hits1 - hits0 )) -v m=$(( misses1 - misses0 )) 'BEGIN {
  printf "list pages (product-pages + popular) during order placement: %d hits, %d misses = %.1f%% hit ratio\n", h, m, (h + m) ? 100 * h / (h + m) : 0 }'

echo "\$ Gatling OrderPlacementSimulation -DorderRate=0 -DhistoryRate=$HISTORY_RATE -Dduration=${DURATION}s (order history)"
gatling history -DorderRate=0 -DhistoryRate="$HISTORY_RATE" -Dduration="${DURATION}s" -DrampUp=5s
echo "Ledger after the run: $(curl -sf "$BASE/api/v1/admin/wallet/verification" -H "Authorization: Bearer $ADMIN_TOKEN" \
  | jq -c '{ok, entriesTotal, transfers, firstBalanceMismatch, firstUnbalancedTransfer, negativeBalances}')"
echo "Retries: $(curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE/actuator/prometheus" | grep '^emporium_wallet_retries_total' | tr '\n' ' ')"
