#!/usr/bin/env bash
# The uncached read path side by side with the database under it, all in one run on this machine:
#   pgbench -S (built-in select-only)                     } same PostgreSQL server,
#   pgbench running GET /products/{id}'s own SQL          } same client count,
#   wrk GET /api/v1/products/{random id}                  } same duration
#   wrk GET /api/v1/products (first page, 50 products)    }
#   the same first page with a Cookie header, which the response cache always bypasses (the uncached cost)
# plus start-up time, RSS, and requests per server CPU-second (robust to a busy machine).
# With the cache on, the first page is a cache hit after the first request; random ids mostly miss.
#
#   scripts/bench-read-path.sh [--scale 0|1] [--clients 64] [--duration 15]
#
# The data set lives in data/report-scale<N> (generated on first use), or in SPRING_DATASOURCE_URL's database.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=64 DURATION=15 SCALE=0
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
EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms512m -Xmx1g}" \
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
cat > "$WORK/point-read.sql" <<SQL
\set id random(1, $MAX_ID)
select id, sku, name, brand, category_id, price, currency, stock, active, popularity,
       description, attributes::text as attributes, created_at, updated_at
  from products where id = :id and active;
SQL
cpu_ticks() { awk '{print $14 + $15}' "/proc/$EMPORIUM_PID/stat"; }
run_wrk() { # name, wrk args...
  local name=$1 before after
  shift
  before=$(cpu_ticks)
  wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  after=$(cpu_ticks)
  echo "$(( after - before ))" > "$WORK/$name.cpu"
}
summarise_wrk() { # name, label
  local rps cpu requests
  rps=$(awk '/^Requests\/sec/{print $2}' "$WORK/$1.txt")
  requests=$(awk '/requests in/{print $1}' "$WORK/$1.txt")
  cpu=$(cat "$WORK/$1.cpu")
  printf '%-34s %9s req/s  p50 %-8s p99 %-8s non-2xx %-5s %6.0f requests per server CPU-second\n' "$2" "$rps" \
    "$(awk '$1=="50%"{print $2}' "$WORK/$1.txt")" "$(awk '$1=="99%"{print $2}' "$WORK/$1.txt")" \
    "$(awk '/Non-2xx/{print $NF}' "$WORK/$1.txt" | grep . || echo 0)" "$(awk -v r="$requests" -v c="$cpu" 'BEGIN{print r / (c / 100)}')"
}
pgbench_tps() { awk -F'= ' '/^tps/{split($2, a, " "); print a[1]}' "$1"; }

echo "Conditions: $(conditions_line), scale $SCALE ($MAX_ID products), $CLIENTS clients, ${DURATION}s each, load generator on the same machine"
echo "Start-up: $(grep -m1 -o 'Emporium ready in [0-9]* ms' "$WORK/server.log"), RSS after start $(( $(ps -o rss= -p "$EMPORIUM_PID") / 1024 )) MiB"
wrk -t2 -c"$CLIENTS" -d5s -s "$WORK/random-id.lua" "http://127.0.0.1:$PORT" > /dev/null   # warm-up, not measured
wrk -t2 -c"$CLIENTS" -d5s "http://127.0.0.1:$PORT/api/v1/products" > /dev/null
echo "\$ pgbench -S -n -c $CLIENTS -j 2 -T $DURATION emporium_pgbench"
pgbench -S -n -c "$CLIENTS" -j 2 -T "$DURATION" "$PGBENCH_URL" > "$WORK/pgbench-s.txt" 2>&1
echo "\$ pgbench -n -f point-read.sql -c $CLIENTS -j 2 -T $DURATION   (the exact SQL of GET /products/{id})"
pgbench -n -f "$WORK/point-read.sql" -c "$CLIENTS" -j 2 -T "$DURATION" "$PG" > "$WORK/pgbench-point.txt" 2>&1
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -s random-id.lua http://127.0.0.1:$PORT"
run_wrk point -s "$WORK/random-id.lua" "http://127.0.0.1:$PORT"
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency http://127.0.0.1:$PORT/api/v1/products"
run_wrk page "http://127.0.0.1:$PORT/api/v1/products"
echo "\$ wrk -t2 -c$CLIENTS -d${DURATION}s --latency -H 'Cookie: bench=1' http://127.0.0.1:$PORT/api/v1/products"
run_wrk page-bypass -H 'Cookie: bench=1' "http://127.0.0.1:$PORT/api/v1/products"

s_tps=$(pgbench_tps "$WORK/pgbench-s.txt")
point_tps=$(pgbench_tps "$WORK/pgbench-point.txt")
echo
printf '%-34s %9s tps\n' "pgbench -S" "$s_tps" "pgbench: product point-read SQL" "$point_tps"
summarise_wrk point "HTTP GET /products/{random id}"
summarise_wrk page "HTTP GET /products (first page)"
summarise_wrk page-bypass "same, cache bypassed (Cookie)"
http=$(awk '/^Requests\/sec/{print $2}' "$WORK/point.txt")
awk -v a="$http" -v b="$point_tps" -v c="$s_tps" 'BEGIN {
  printf "Ratio: HTTP point read / its SQL via pgbench = %.3f; / pgbench -S = %.3f\n", a / b, a / c }'
echo "RSS after the run: $(( $(ps -o rss= -p "$EMPORIUM_PID") / 1024 )) MiB"
