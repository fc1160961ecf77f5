#!/usr/bin/env bash
# Wallet latency under a fixed arrival rate (open model, not a closed loop like wrk): runs
# WalletSimulation (Gatling) against a fresh server on the scale-0 or scale-1 data set and prints
# p50/p95/p99 of transfers and balance reads with the conditions, then checks the ledger.
#
#   scripts/bench-wallet-latency.sh [--scale 0|1] [--transfer-rate 100] [--balance-rate 200]
#                                   [--duration 60] [--senders 64]
#
# The senders (customers 1..N) are topped up first by admin deposits, so 422 insufficient_funds
# does not stand in for a transfer. A freshly started JVM spends tens of CPU-seconds compiling, so
# 20 s of wrk transfers and balance reads warm it up first (not measured). Latencies include the
# 10 s ramp. The load generator shares the
# machine's cores with the server and PostgreSQL: state the load average with any figure.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=0 TRANSFER_RATE=100 BALANCE_RATE=200 DURATION=60 SENDERS=64
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2 ;; --transfer-rate) TRANSFER_RATE=$2 ;; --balance-rate) BALANCE_RATE=$2 ;;
    --duration) DURATION=${2%s} ;; --senders) SENDERS=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages jq jq wrk wrk

WORK=$(mktemp -d)
trap 'server_stop; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
ADMIN_EMAIL=bench-admin@example.test ADMIN_PASSWORD=bench-admin-password
EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}" \
  server_start "$PORT" "$(pwd)/data/report-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE"
server_wait_ready "$PORT" 3600
BASE="http://127.0.0.1:$PORT"
RUN=$(date +%s)
ADMIN_TOKEN=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | jq -r .accessToken)
echo "topping up customers 1..$SENDERS (one admin deposit each)"
for n in $(seq 1 "$SENDERS"); do
  curl -sf -o /dev/null "$BASE/api/v1/admin/wallet/deposits" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: bench-latency-topup-$RUN-$n" \
    -d "{\"email\":\"customer$n@demo.emporium.dev\",\"amount\":10000000}"
done
echo "warming up (wrk, 20 s of transfers and 10 s of balance reads between customers 1..8, not measured)"
: > "$WORK/tokens"; : > "$WORK/accounts"
for n in $(seq 1 8); do
  token=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"customer$n@demo.emporium.dev\",\"password\":\"emporium-demo\"}" | jq -r .accessToken)
  echo "$token" >> "$WORK/tokens"
  curl -sf "$BASE/api/v1/wallet" -H "Authorization: Bearer $token" | jq -r .accountId >> "$WORK/accounts"
done
cat > "$WORK/warm.lua" <<LUA
local tokens, accounts = {}, {}
for line in io.lines("$WORK/tokens") do tokens[#tokens + 1] = line end
for line in io.lines("$WORK/accounts") do accounts[#accounts + 1] = line end
local counter = 0
function init(args) mode = args[1]; math.randomseed(os.time()) end
request = function()
  counter = counter + 1
  local from = math.random(#tokens)
  if mode == "balance" then
    return wrk.format("GET", "/api/v1/wallet", { ["Authorization"] = "Bearer " .. tokens[from] })
  end
  local to = from % #tokens + 1
  return wrk.format("POST", "/api/v1/wallet/transfers", {
    ["Authorization"] = "Bearer " .. tokens[from], ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "warm-$RUN-" .. math.random(1e9) .. "-" .. counter },
    '{"toAccountId":' .. accounts[to] .. ',"amount":1}')
end
LUA
wrk -t2 -c16 -d20s -s "$WORK/warm.lua" "$BASE" -- transfer > /dev/null
wrk -t2 -c16 -d10s -s "$WORK/warm.lua" "$BASE" -- balance > /dev/null
echo "Conditions: $(conditions_line), load average $(cut -d' ' -f1-3 /proc/loadavg) at start, scale $SCALE," \
  "open model: $TRANSFER_RATE transfers/s + $BALANCE_RATE balance reads/s for ${DURATION}s after a 10 s ramp," \
  "$SENDERS senders, DB pool ${EMPORIUM_DB_POOL_SIZE:-10}, durable PostgreSQL, L1 cache only, Gatling on the same machine"
cpu_before=$(awk '{print $14 + $15}' "/proc/$EMPORIUM_PID/stat")
./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.WalletSimulation \
  -DbaseUrl="$BASE" -DtransferRate="$TRANSFER_RATE" -DbalanceRate="$BALANCE_RATE" -Dduration="${DURATION}s" \
  -DrampUp=10s -Dsenders="$SENDERS" -Dscale="$SCALE" > "$WORK/gatling.log" 2>&1 || true
cpu_after=$(awk '{print $14 + $15}' "/proc/$EMPORIUM_PID/stat")
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); server CPU during the run: $(( (cpu_after - cpu_before) / 100 )) s"
dir=$(ls -td load-tests/target/gatling/walletsimulation-* 2>/dev/null | head -1)
if [ -z "$dir" ]; then
  echo "Gatling produced no run; its log:"; tail -40 "$WORK/gatling.log"; exit 1
fi
"$JAVA_HOME/bin/java" -cp load-tests/target/classes dev.emporium.load.report.RequestSummaries "$dir/simulation.log" wallet
echo "Ledger after the run: $(curl -sf "$BASE/api/v1/admin/wallet/verification" -H "Authorization: Bearer $ADMIN_TOKEN" \
  | jq -c '{ok, entriesTotal, transfers, firstChainBreak, firstBalanceMismatch}')"
