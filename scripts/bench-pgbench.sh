#!/usr/bin/env bash
# Side by side on one machine and one PostgreSQL: wrk against Emporium's point read GET /api/v1/products/{id}
# (random ids, so mostly cache misses) and pgbench -S (select-only on pgbench_accounts) with the same number
# of clients. Prints both and the ratio: how much of the database's point-read rate survives the HTTP stack.
#
#   scripts/bench-pgbench.sh [--clients 16] [--duration 15] [--scale 0]
#
# pgbench's tables live in a separate database (emporium_pgbench) on the server Emporium uses.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=16 DURATION=15 SCALE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS=$2 ;; --duration) DURATION=${2%s} ;; --scale) SCALE=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages wrk wrk pgbench postgresql-contrib

WORK=$(mktemp -d)
trap 'server_stop; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
server_start "$PORT" "$(pwd)/data/report-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE"
server_wait_ready "$PORT" 3600
PG=$(psql_url)
MAX_ID=$(psql "$PG" -Atc "select max(id) from products")
PGBENCH_URL="${PG%/*}/emporium_pgbench"
psql "$PG" -Atc "select 1 from pg_database where datname = 'emporium_pgbench'" | grep -q 1 \
  || psql "$PG" -qc "create database emporium_pgbench"
psql "$PGBENCH_URL" -Atc "select 1 from pgbench_accounts limit 1" >/dev/null 2>&1 || pgbench -q -i -s 10 "$PGBENCH_URL" >/dev/null 2>&1

cat > "$WORK/random-id.lua" <<LUA
math.randomseed(42)
request = function() return wrk.format("GET", "/api/v1/products/" .. math.random(1, $MAX_ID)) end
LUA
echo "Conditions: $(conditions_line), scale $SCALE ($MAX_ID products), $CLIENTS clients, ${DURATION}s each, all on one machine"
wrk -t2 -c"$CLIENTS" -d5s -s "$WORK/random-id.lua" "http://127.0.0.1:$PORT" > /dev/null   # warm-up, not measured
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -s random-id.lua http://127.0.0.1:$PORT"
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s "$WORK/random-id.lua" "http://127.0.0.1:$PORT" > "$WORK/wrk.txt"
echo "\$ pgbench -S -n -c $CLIENTS -j 2 -T $DURATION emporium_pgbench"
pgbench -S -n -c "$CLIENTS" -j 2 -T "$DURATION" "$PGBENCH_URL" > "$WORK/pgbench.txt" 2>&1
http=$(awk '/^Requests\/sec/{print $2}' "$WORK/wrk.txt")
non2xx=$(awk '/Non-2xx/{print $NF}' "$WORK/wrk.txt")
db=$(awk -F'= ' '/^tps/{split($2, a, " "); print a[1]}' "$WORK/pgbench.txt")
printf 'Emporium GET /products/{id}: %s req/s (p50 %s, p99 %s, non-2xx %s)\n' "$http" \
  "$(awk '$1=="50%"{print $2}' "$WORK/wrk.txt")" "$(awk '$1=="99%"{print $2}' "$WORK/wrk.txt")" "${non2xx:-0}"
printf 'pgbench -S:                  %s tps (latency avg %s)\n' "$db" "$(awk -F'= ' '/latency average/{print $2}' "$WORK/pgbench.txt")"
awk -v a="$http" -v b="$db" 'BEGIN{printf "Ratio: Emporium / pgbench -S = %.3f\n", a / b}'
