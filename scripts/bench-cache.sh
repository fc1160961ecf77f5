#!/usr/bin/env bash
# Cache benchmarks (not tests): prints figures with the command and conditions that produced them.
#  1. wrk -c64, same run: catalog first page as an L1 hit vs nginx serving the identical bytes.
#  2. L1 and L2 hit latency (one connection; same bytes: /products?sort=popularity&limit=20 vs
#     /products/popular, whose L1 is set to 0 entries so every request is an L2 hit).
#  3. Hit ratio under a Zipf-skewed read mix (product details, category pages, first pages).
# Usage: scripts/bench-cache.sh   (env: DURATION=15s, APP_PORT=18090, NGINX_PORT=18091, REDIS_URL,
#        EMBEDDED_DB_DIR=<existing data dir to bench at its scale; default: fresh demo data, scale 0>)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DURATION=${DURATION:-15s}
APP_PORT=${APP_PORT:-18090}
NGINX_PORT=${NGINX_PORT:-18091}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
WORK=$(mktemp -d /tmp/bench-cache.XXXXXX); chmod 755 "$WORK"
JAR=app/target/emporium.jar
APP=http://127.0.0.1:$APP_PORT

command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install -y nginx wrk)"; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package

if [ -n "${EMBEDDED_DB_DIR:-}" ]; then DB_ARGS=(--emporium.embedded-db.dir="$EMBEDDED_DB_DIR"); SCALE="data in $EMBEDDED_DB_DIR"
else DB_ARGS=(--emporium.embedded-db.mode=ephemeral); SCALE="scale 0 (demo data, fresh ephemeral DB)"; fi

cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
}
trap cleanup EXIT

REDIS_URL=$REDIS_URL "$JAVA_HOME/bin/java" -Xmx2g -jar "$JAR" --server.port="$APP_PORT" "${DB_ARGS[@]}" \
  --emporium.cache.namespace="bench-$$" --emporium.cache.caches.popular.l1-max-size=0 \
  --emporium.rate-limit.multiplier="${BENCH_RATE_LIMIT_MULTIPLIER:-1000}" \
  --logging.level.root=warn >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 600); do curl -fs "$APP/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$APP/actuator/health/readiness" >/dev/null || { echo "app did not start; see $WORK/app.log"; exit 1; }
PRODUCTS=$(curl -fs "$APP/api/v1/products?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')
CATEGORIES=$(curl -fs "$APP/api/v1/categories" | grep -o '"id":' | wc -l)

mkdir -p "$WORK/www"
curl -fs "$APP/api/v1/products" -o "$WORK/www/products.json"
sed -e "s#__DIR__#$WORK#g" -e "s#__PORT__#$NGINX_PORT#g" deploy/nginx-cache-bench.conf >"$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf"
cmp <(curl -fs "$APP/api/v1/products") <(curl -fs "http://127.0.0.1:$NGINX_PORT/api/v1/products") \
  || { echo "nginx and the app serve different bytes"; exit 1; }

rps() { grep 'Requests/sec' "$1" | awk '{print $2}'; }
pct() { grep -E "^ +$2%" "$1" | awk '{print $2}'; }

echo "== conditions"
echo "commit $(git rev-parse --short HEAD)  $(nproc) cores  $(free -g | awk '/Mem/{print $2}') GB  $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "$SCALE; $PRODUCTS active products (planner total); Redis $REDIS_URL; body $(wc -c <"$WORK/www/products.json") bytes"
echo "app and nginx and wrk share the machine (loopback); other busy processes now:"
top -b -n1 | sed -n '8,12p' 

for url in "$APP/api/v1/products" "$APP/api/v1/products?sort=popularity&limit=20" "$APP/api/v1/products/popular"; do
  for _ in 1 2 3; do curl -fs "$url" >/dev/null; done
done
wrk -t2 -c64 -d5s "$APP/api/v1/products" >/dev/null   # JIT warm-up

echo; echo "== 1. first page, wrk -t2 -c64 -d$DURATION --latency, L1 hit vs nginx static file"
wrk -t2 -c64 -d"$DURATION" --latency "$APP/api/v1/products" >"$WORK/app.wrk"
wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$NGINX_PORT/api/v1/products" >"$WORK/nginx.wrk"
A=$(rps "$WORK/app.wrk"); N=$(rps "$WORK/nginx.wrk")
echo "emporium L1 hit : $A req/s  p50 $(pct "$WORK/app.wrk" 50)  p99 $(pct "$WORK/app.wrk" 99)"
echo "nginx static    : $N req/s  p50 $(pct "$WORK/nginx.wrk" 50)  p99 $(pct "$WORK/nginx.wrk" 99)"
echo "ratio           : $(awk -v a="$A" -v n="$N" 'BEGIN{printf "%.0f%%", 100*a/n}') of nginx (target >= 60%, p99 <= 5ms)"

echo; echo "== 2. hit latency, one connection: wrk -t1 -c1 -d10s --latency"
wrk -t1 -c1 -d10s --latency "$APP/api/v1/products?sort=popularity&limit=20" >"$WORK/l1.wrk"
wrk -t1 -c1 -d10s --latency "$APP/api/v1/products/popular" >"$WORK/l2.wrk"
curl -s -D - -o /dev/null "$APP/api/v1/products/popular" | grep -i 'x-cache' | tr -d '\r' | tr '\n' ' '; echo
echo "L1 hit (20 items): p50 $(pct "$WORK/l1.wrk" 50)  p99 $(pct "$WORK/l1.wrk" 99)  $(rps "$WORK/l1.wrk") req/s"
echo "L2 hit (same bytes from Redis): p50 $(pct "$WORK/l2.wrk" 50)  p99 $(pct "$WORK/l2.wrk" 99)  $(rps "$WORK/l2.wrk") req/s"

echo; echo "== 3. hit ratio, Zipf(s=1.0) over $PRODUCTS product ids and $CATEGORIES category ids, wrk -t2 -c64 -d$DURATION"
echo "   (after one warm-up pass of the same mix, so this is the steady state, not the cold start)"
N_PRODUCTS=$PRODUCTS N_CATEGORIES=$CATEGORIES wrk -t2 -c64 -d"$DURATION" -s scripts/bench-cache-zipf.lua "$APP" >"$WORK/zipf-warm.wrk"
counts() { curl -fs ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "$APP/actuator/prometheus" | awk '/^emporium_cache_requests_total/ && /tier="L1"/ {
  if ($0 ~ /result="hit"/) h+=$2; else m+=$2 } /^emporium_cache_requests_total/ && /tier="L2"/ && /result="hit"/ {l2+=$2}
  END {printf "%d %d %d\n", h, m, l2}'; }
read -r H0 M0 L0 < <(counts)
N_PRODUCTS=$PRODUCTS N_CATEGORIES=$CATEGORIES wrk -t2 -c64 -d"$DURATION" -s scripts/bench-cache-zipf.lua "$APP" >"$WORK/zipf.wrk"
read -r H1 M1 L1 < <(counts)
echo "requests $(grep -E 'requests in' "$WORK/zipf.wrk" | awk '{print $1}'), $(rps "$WORK/zipf.wrk") req/s; $(grep -E 'Non-2xx' "$WORK/zipf.wrk" || echo 'no non-2xx')"
awk -v h=$((H1-H0)) -v m=$((M1-M0)) -v l=$((L1-L0)) 'BEGIN{printf "L1 hits %d, L1 misses %d (of which L2 hits %d): hit ratio %.1f%% (target >= 95%%)\n", h, m, l, 100*(h+l)/(h+m)}'
if command -v python3 >/dev/null; then
  echo "what a perfect cache could reach on this window (first requests of an id always miss):"
  python3 scripts/zipf-hit-ceiling.py "$PRODUCTS" "$CATEGORIES" "$(awk '/requests in/{print $1}' "$WORK/zipf-warm.wrk")" \
    "$(awk '/requests in/{print $1}' "$WORK/zipf.wrk")"
fi
echo; echo "raw wrk outputs and app log: $WORK"
