#!/usr/bin/env bash
# Wallet write path side by side with PostgreSQL's own bank-transfer benchmark, in one run:
#   pgbench (default TPC-B-like script: update an account, a teller, a branch, insert a history row)
#   wrk POST /api/v1/wallet/transfers between random customers (auth, JSON, idempotency key, limits,
#       audit row, one transaction), then wrk GET /api/v1/wallet (the cached balance read)
# on the same PostgreSQL server (durable: fsync and synchronous_commit on for both), same client count,
# same duration. Prints transfers/s, the ratio to pgbench tps, latency percentiles, and checks the
# ledger afterwards (GET /api/v1/admin/wallet/verification must say ok).
#
#   scripts/bench-transfers.sh [--scale 0|1] [--clients 32] [--duration 20] [--senders 64] [--warmup 20]
#
# The senders are topped up first (an admin deposit each), so earlier runs on the same data do not
# turn transfers into 422 insufficient_funds. The warm-up runs transfers until the JIT has compiled
# the hot path (C2 compiling in the measured window costs ~15 % of the CPU otherwise). Server CPU per
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
CLIENTS=32 DURATION=20 SCALE=1 SENDERS=64 WARMUP=20
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS=$2 ;; --duration) DURATION=${2%s} ;; --scale) SCALE=$2 ;; --senders) SENDERS=$2 ;; --warmup) WARMUP=${2%s} ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages wrk wrk pgbench postgresql-contrib jq jq

WORK=$(mktemp -d)
trap 'server_stop; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
ADMIN_EMAIL=bench-admin@example.test ADMIN_PASSWORD=bench-admin-password
EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}" \
  server_start "$PORT" "$(pwd)/data/report-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE" \
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
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) phase = args[1] or "run"; thread_id = tid; math.randomseed(1000 + tid + #phase) end
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
transfers_now() { psql "$PG" -Atc "select count(*) from wallet_transfers where kind = 'TRANSFER'"; }

echo "Conditions: $(conditions_line), load average $(cut -d' ' -f1-3 /proc/loadavg), scale $SCALE ($CUSTOMERS wallets), $CLIENTS clients, ${DURATION}s each after ${WARMUP}s of warm-up, $SENDERS senders, DB pool ${EMPORIUM_DB_POOL_SIZE:-10}, load generator on the same machine"
echo "Durability: $(psql "$PG" -Atc "select string_agg(name || '=' || setting, ' ') from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')")"
wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s "$WORK/transfer.lua" "$BASE" -- warmup > /dev/null   # warm-up, not measured
echo "\$ pgbench -n -c $CLIENTS -j 2 -T $DURATION emporium_pgbench   (TPC-B-like)"
pgbench -n -c "$CLIENTS" -j 2 -T "$DURATION" "$PGBENCH_URL" > "$WORK/pgbench.txt" 2>&1
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -s transfer.lua $BASE"
before_count=$(transfers_now); before_cpu=$(cpu_ticks)
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s "$WORK/transfer.lua" "$BASE" -- measured > "$WORK/transfer.txt"
after_cpu=$(cpu_ticks); after_count=$(transfers_now)
echo "load average after the transfers: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -s balance.lua $BASE"
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s "$WORK/balance.lua" "$BASE" > "$WORK/balance.txt"

tps=$(awk -F'= ' '/^tps/{split($2, a, " "); print a[1]}' "$WORK/pgbench.txt")
committed=$(( after_count - before_count ))
echo
printf '%-38s %9s tps  (latency average %s)\n' "pgbench TPC-B-like" "$tps" "$(awk -F'= ' '/latency average/{print $2}' "$WORK/pgbench.txt")"
printf '%-38s %9s req/s  p50 %-8s p99 %-8s non-2xx %s\n' "wrk POST /wallet/transfers" \
  "$(awk '/^Requests\/sec/{print $2}' "$WORK/transfer.txt")" "$(awk '$1=="50%"{print $2}' "$WORK/transfer.txt")" \
  "$(awk '$1=="99%"{print $2}' "$WORK/transfer.txt")" "$(awk '/Non-2xx/{print $NF}' "$WORK/transfer.txt" | grep . || echo 0)"
awk -v c="$committed" -v d="$DURATION" -v t="$tps" -v cpu=$(( after_cpu - before_cpu )) 'BEGIN {
  printf "%-38s %9.0f transfers/s committed (%d in %d s; %.0f per server CPU-second = %.2f ms of server CPU each)\n", "ledger", c / d, c, d, c / (cpu / 100), (cpu * 10) / c
  printf "Ratio: transfers/s / pgbench TPC-B tps = %.2f\n", (c / d) / t }'
printf '%-38s %9s req/s  p50 %-8s p99 %-8s\n' "wrk GET /wallet (balance)" \
  "$(awk '/^Requests\/sec/{print $2}' "$WORK/balance.txt")" "$(awk '$1=="50%"{print $2}' "$WORK/balance.txt")" \
  "$(awk '$1=="99%"{print $2}' "$WORK/balance.txt")"
echo "Ledger after the run: $(curl -sf "$BASE/api/v1/admin/wallet/verification" -H "Authorization: Bearer $ADMIN_TOKEN" \
  | jq -c '{ok, entriesTotal, transfers, firstChainBreak, firstBalanceMismatch}')"
echo "Retries: $(curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$BASE/actuator/prometheus" | grep '^emporium_wallet_retries_total' | tr '\n' ' ')"
