#!/usr/bin/env bash
# Wallet write path side by side with PostgreSQL's own bank-transfer benchmark, in one run:
#   pgbench (default TPC-B-like script: update an account, a teller, a branch, insert a history row)
#   wrk POST /api/v1/wallet/transfers between random customers (auth, JSON, idempotency key, limits,
#       audit row, one transaction), then wrk GET /api/v1/wallet (the cached balance read)
# on the same PostgreSQL server (durable: fsync and synchronous_commit on for both), same client count,
# same duration. Prints transfers/s, the ratio to pgbench tps, latency percentiles, and checks the
# ledger afterwards (GET /api/v1/admin/wallet/verification must say ok).
#
#   scripts/bench-transfers.sh [--scale 0|1] [--clients 32] [--duration 20] [--senders 64] [--warmup 60] [--rounds 3]
#
# The senders are topped up first (an admin deposit each), so earlier runs on the same data do not
# turn transfers into 422 insufficient_funds. The warm-up runs transfers until the JIT has compiled
# the hot path: on a 2-core Intel Xeon, after 20 s of it JIT compilations of 100 ms or more still added
# up to 12 s in the measured window (JFR) and the JVM spent 2.4 ms of CPU per transfer; after 60 s, 0.9 ms. Server CPU per
# transfer (utime + stime of the JVM, from /proc) is printed because it survives machine load.
#
# wrk is a closed-loop load generator (each connection waits for its answer): latency under a fixed
# arrival rate is what the Gatling workload measures; this measures throughput.
# The server's load-shedding queue is widened to the client count (--emporium.shedding.queue-size):
# with the default (10 running + 20 waiting) the 31st and 32nd connections are refused at once and
# re-send at once, so wrk spends the machine on 503s (measured at scale 1: 164,606 of 188,600
# requests were 503, 1,209 transfers/s committed). Shedding is drilled by scripts/drill-overload.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=32 DURATION=20 SCALE=1 SENDERS=64 WARMUP=60 ROUNDS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS=$2 ;; --duration) DURATION=${2%s} ;; --scale) SCALE=$2 ;; --senders) SENDERS=$2 ;; --warmup) WARMUP=${2%s} ;;
    --rounds) ROUNDS=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages wrk wrk pgbench postgresql-contrib jq jq

WORK=$(mktemp -d)
DATA_DIR="$(pwd)/data/report-scale$SCALE"
trap 'server_stop; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
ADMIN_EMAIL=bench-admin@example.test ADMIN_PASSWORD=bench-admin-password
EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}" \
  server_start "$PORT" "$DATA_DIR" "$WORK/server.log" --emporium.seed.scale="$SCALE" \
    --emporium.shedding.queue-size="$CLIENTS"
server_wait_ready "$PORT" 3600
PG=$(psql_url)
BASE="http://127.0.0.1:$PORT"
CUSTOMERS=$(psql "$PG" -Atc "select count(*) from wallet_accounts where kind = 'CUSTOMER'")
read -r MIN_ACCOUNT MAX_ACCOUNT < <(psql "$PG" -Atc \
  "select min(id), max(id) from wallet_accounts where kind = 'CUSTOMER'" | tr '|' ' ')
PGBENCH_URL="${PG%/*}/emporium_pgbench"
psql "$PG" -Atc "select 1 from pg_database where datname = 'emporium_pgbench'" | grep -q 1 \
  || psql "$PG" -qc "create database emporium_pgbench"
psql "$PGBENCH_URL" -Atc "select 1 from pgbench_accounts limit 1" >/dev/null 2>&1 || pgbench -q -i -s 10 "$PGBENCH_URL" >/dev/null 2>&1

login() { curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$1\",\"password\":\"$2\"}" | jq -r .accessToken; }
echo "logging in $SENDERS senders (bcrypt, not measured)"
: > "$WORK/tokens"
for n in $(seq 1 "$SENDERS"); do
  login "customer$(( (n * 2654435761) % (CUSTOMERS - 2) + 1 ))@demo.emporium.dev" emporium-demo >> "$WORK/tokens"
done
ADMIN_TOKEN=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD")
RUN=$(date +%s)
echo "topping up the $SENDERS senders (one admin deposit each)"
n=0
while read -r token; do
  n=$((n + 1))
  account=$(curl -sf "$BASE/api/v1/wallet" -H "Authorization: Bearer $token" | jq -r .accountId)
  curl -sf -o /dev/null "$BASE/api/v1/admin/wallet/deposits" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: bench-topup-$RUN-$n" \
    -d "{\"accountId\":$account,\"amount\":10000000}"
done < "$WORK/tokens"

cat > "$WORK/transfer.lua" <<LUA
local tokens = {}
for line in io.lines("$WORK/tokens") do tokens[#tokens + 1] = line end
local counter, thread_id = 0, 0
$(wrk_phase_lua 1000)
request = function()
  counter = counter + 1
  local body = '{"toAccountId":' .. math.random($MIN_ACCOUNT, $MAX_ACCOUNT) .. ',"amount":' .. math.random(1, 100) .. '}'
  return wrk.format("POST", "/api/v1/wallet/transfers", {
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-$RUN-" .. phase .. "-" .. thread_id .. "-" .. counter }, body)
end
LUA
cat > "$WORK/balance.lua" <<LUA
local tokens = {}
for line in io.lines("$WORK/tokens") do tokens[#tokens + 1] = line end
request = function()
  return wrk.format("GET", "/api/v1/wallet", { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
LUA
cpu_ticks() { awk '{print $14 + $15}' "/proc/$EMPORIUM_PID/stat"; }
machine_busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
transfers_now() { psql "$PG" -Atc "select count(*) from wallet_transfers where kind = 'TRANSFER'"; }

echo "Conditions: $(conditions_line), load average $(cut -d' ' -f1-3 /proc/loadavg), scale $SCALE ($CUSTOMERS wallets), $CLIENTS clients, ${DURATION}s each after ${WARMUP}s of warm-up, $SENDERS senders, DB pool ${EMPORIUM_DB_POOL_SIZE:-10}, load generator on the same machine"
echo "Durability: $(psql "$PG" -Atc "select string_agg(name || '=' || setting, ' ') from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')")"
wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s "$WORK/transfer.lua" "$BASE" -- warmup > /dev/null   # warm-up, not measured
# Rounds of pgbench then wrk, back to back: checkpoints and neighbours make single 20 s figures swing by
# a quarter on this machine, so each round gives its own ratio and the summary takes the median.
echo "\$ pgbench -n -c $CLIENTS -j 2 -T $DURATION emporium_pgbench   (TPC-B-like), then"
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -s transfer.lua $BASE   ($ROUNDS rounds)"
echo
printf '%-6s %9s %12s %6s %9s %9s %8s   %s\n' round "pgbench" "transfers/s" ratio "p50" "p99" "non-2xx" \
  "CPU per transfer (JVM + PostgreSQL + rest), per pgbench transaction"
: > "$WORK/ratios"
for round in $(seq 1 "$ROUNDS"); do
  pgbench_busy=$(machine_busy_ticks)
  pgbench -n -c "$CLIENTS" -j 2 -T "$DURATION" "$PGBENCH_URL" > "$WORK/pgbench.txt" 2>&1
  pgbench_busy=$(( $(machine_busy_ticks) - pgbench_busy ))
  tps=$(awk -F'= ' '/^tps/{split($2, a, " "); print a[1]}' "$WORK/pgbench.txt")
  before_count=$(transfers_now); before_cpu=$(cpu_ticks); before_db=$(db_cpu_ticks "$DATA_DIR"); before_busy=$(machine_busy_ticks)
  wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s "$WORK/transfer.lua" "$BASE" -- "measured$round" > "$WORK/transfer.txt"
  after_cpu=$(cpu_ticks); after_db=$(db_cpu_ticks "$DATA_DIR"); after_busy=$(machine_busy_ticks); after_count=$(transfers_now)
  awk -v r="$round" -v c=$(( after_count - before_count )) -v d="$DURATION" -v t="$tps" \
    -v cpu=$(( after_cpu - before_cpu )) -v db=$(( after_db - before_db )) -v busy=$(( after_busy - before_busy )) \
    -v pb="$pgbench_busy" -v p50="$(awk '$1=="50%"{print $2}' "$WORK/transfer.txt")" \
    -v p99="$(awk '$1=="99%"{print $2}' "$WORK/transfer.txt")" \
    -v bad="$(awk '/Non-2xx/{print $NF}' "$WORK/transfer.txt" | grep . || echo 0)" 'BEGIN {
      printf "%-6s %9.0f %12.0f %6.2f %9s %9s %8s   %.2f + %.2f + %.2f ms; %.2f ms\n", r, t, c / d, (c / d) / t, p50, p99, bad,
        cpu * 10 / c, db * 10 / c, (busy - cpu - db) * 10 / c, pb * 10 / (t * d) }'
  awk -v c=$(( after_count - before_count )) -v d="$DURATION" -v t="$tps" 'BEGIN {printf "%.4f\n", (c / d) / t}' >> "$WORK/ratios"
  printf '%-6s %s\n' "" "$(grep '^statuses:' "$WORK/transfer.txt")"
done
echo "Ratio: transfers/s / pgbench TPC-B tps, median of $ROUNDS rounds = $(sort -n "$WORK/ratios" | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)]}')"
echo "load average after the transfers: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -s balance.lua $BASE"
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s "$WORK/balance.lua" "$BASE" > "$WORK/balance.txt"
printf '%-38s %9s req/s  p50 %-8s p99 %-8s\n' "wrk GET /wallet (balance)" \
  "$(awk '/^Requests\/sec/{print $2}' "$WORK/balance.txt")" "$(awk '$1=="50%"{print $2}' "$WORK/balance.txt")" \
  "$(awk '$1=="99%"{print $2}' "$WORK/balance.txt")"
echo "Ledger after the run: $(curl -sf "$BASE/api/v1/admin/wallet/verification" -H "Authorization: Bearer $ADMIN_TOKEN" \
  | jq -c '{ok, entriesTotal, transfers, firstChainBreak, firstBalanceMismatch, firstUnbalancedTransfer, firstOrphanEntry}')"
echo "Retries: $(curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE/actuator/prometheus" | grep '^emporium_wallet_retries_total' | tr '\n' ' ')"
