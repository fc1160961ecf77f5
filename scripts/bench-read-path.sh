#!/usr/bin/env bash
# Side-by-side figures for the uncached catalog read path, all in one run on this machine:
#   1. pgbench -S (built-in select-only) on the same PostgreSQL server
#   2. pgbench running the exact SQL of GET /api/v1/products/{id}
#   3. wrk: GET /api/v1/products/{id}, random ids
#   4. wrk: GET /api/v1/products (first page, popularity order)
# Same client count (64) and duration everywhere. Prints start-up time and RSS too.
#
# usage: scripts/bench-read-path.sh DATA_DIR [DURATION_SECONDS]
#   DATA_DIR: an embedded PostgreSQL data directory already seeded (scripts/seed.sh 1 --emporium.embedded-db.dir=DATA_DIR)
set -euo pipefail
data_dir="$(realpath "${1:?usage: scripts/bench-read-path.sh DATA_DIR [SECONDS]}")"
seconds="${2:-20}"
clients=64
app_port=18180
db_port=15432
cd "$(dirname "$0")/.."
source scripts/java-home.sh
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }
[ -f app/target/emporium.jar ] || ./mvnw -q -B -ntp -DskipTests -pl app -am package

log=$(mktemp)
out=$(mktemp)
"$JAVA_HOME/bin/java" -Xms512m -Xmx1g -jar app/target/emporium.jar --server.port=$app_port \
  --emporium.embedded-db.dir="$data_dir" --emporium.embedded-db.port=$db_port \
  --emporium.seed.demo-on-empty=false >"$log" 2>&1 &
app_pid=$!
trap 'kill $app_pid 2>/dev/null; wait $app_pid 2>/dev/null; rm -f "$log" "$out"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$app_port/actuator/health/readiness" >/dev/null && break
  sleep 1
done
ready_line=$(grep -m1 'Emporium ready' "$log" || true)
max_id=$(psql -h 127.0.0.1 -p $db_port -U postgres -d postgres -Atc "select max(id) from products")
products=$(psql -h 127.0.0.1 -p $db_port -U postgres -d postgres -Atc "select count(*) from products")

echo "== conditions"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM; commit $(git rev-parse --short HEAD); products: $products"
echo "clients: $clients, duration: ${seconds}s each, server and load generator on the same machine (loopback)"
echo "start-up: ${ready_line#*INFO*: }"
echo "server RSS after start: $(( $(ps -o rss= -p $app_pid) / 1024 )) MiB"

echo "== warm-up (5 s each, not reported)"
MAX_ID=$max_id wrk -t2 -c$clients -d5s -s scripts/bench/random-product.lua "http://127.0.0.1:$app_port" >/dev/null
wrk -t2 -c$clients -d5s "http://127.0.0.1:$app_port/api/v1/products" >/dev/null

psql -h 127.0.0.1 -p $db_port -U postgres -d postgres -qc "drop database if exists pgbench" -c "create database pgbench"
pgbench -h 127.0.0.1 -p $db_port -U postgres -i -s 10 -q pgbench >/dev/null 2>&1

echo "== pgbench -S -c $clients -j 2 -T $seconds (built-in select-only, scale 10)"
pgbench -h 127.0.0.1 -p $db_port -U postgres -S -c $clients -j 2 -T "$seconds" pgbench >"$out" 2>/dev/null
grep -E '^(tps|latency)' "$out"
pgbench_s=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out")

echo "== pgbench: the product point read's own SQL, -c $clients -j 2 -T $seconds"
pgbench -h 127.0.0.1 -p $db_port -U postgres -n -f scripts/bench/product-point-read.sql -D max_id="$max_id" \
  -c $clients -j 2 -T "$seconds" postgres >"$out" 2>/dev/null
grep -E '^(tps|latency)' "$out"
pg_point=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out")

echo "== wrk GET /api/v1/products/{random id} -t2 -c$clients -d${seconds}s --latency"
MAX_ID=$max_id wrk -t2 -c$clients -d"${seconds}s" --latency -s scripts/bench/random-product.lua \
  "http://127.0.0.1:$app_port" >"$out"
cat "$out"
point=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$out")

echo "== wrk GET /api/v1/products (first page) -t2 -c$clients -d${seconds}s --latency"
wrk -t2 -c$clients -d"${seconds}s" --latency "http://127.0.0.1:$app_port/api/v1/products" >"$out"
cat "$out"
page=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$out")

echo "== ratios (same run)"
awk -v p="$point" -v q="$pg_point" -v s="$pgbench_s" -v l="$page" 'BEGIN {
  printf "product point read via HTTP / same SQL via pgbench: %.2f (%.0f vs %.0f req/s)\n", p/q, p, q;
  printf "product point read via HTTP / pgbench -S:           %.2f (%.0f vs %.0f req/s)\n", p/s, p, s;
  printf "first page via HTTP / product point read via HTTP:  %.2f (%.0f vs %.0f req/s)\n", l/p, l, p }'
echo "server RSS after the run: $(( $(ps -o rss= -p $app_pid) / 1024 )) MiB"
