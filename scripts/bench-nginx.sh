#!/usr/bin/env bash
# Side by side on one machine: wrk against an Emporium endpoint (a cacheable GET) and against nginx serving
# the identical bytes as a static file. Prints both and the ratio.
#
#   scripts/bench-nginx.sh [--path '/api/v1/products?limit=50'] [--connections 64] [--duration 15] [--scale 0]
#
# Starts its own Emporium (embedded PostgreSQL in data/report-scaleN) unless BASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH_Q='/api/v1/products?limit=50' CONNECTIONS=64 DURATION=15 SCALE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --path) PATH_Q=$2 ;; --connections) CONNECTIONS=$2 ;; --duration) DURATION=${2%s} ;; --scale) SCALE=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages wrk wrk nginx nginx

WORK=$(mktemp -d)
chmod 755 "$WORK"   # nginx workers run unprivileged
cleanup() { [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; server_stop; rm -rf "$WORK"; }
trap cleanup EXIT
if [ -z "${BASE_URL:-}" ]; then
  [ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
  PORT=$(free_port)
  BASE_URL="http://127.0.0.1:$PORT"
  server_start "$PORT" "$(pwd)/data/report-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE"
  server_wait_ready "$PORT" 3600
fi
curl -sf "$BASE_URL$PATH_Q" -o "$WORK/body.json"
for _ in 1 2 3; do curl -sf "$BASE_URL$PATH_Q" -o /dev/null; done   # warm the cache and the JIT a little
NGINX_PORT=$(free_port)
mkdir -p "$WORK/tmp"
sed -e "s#__PORT__#$NGINX_PORT#" -e "s#__ROOT__#$WORK#" -e "s#__PREFIX__#$WORK#" deploy/nginx-static.conf > "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -p "$WORK" &
sleep 1

run_wrk() {  # label url
  echo "\$ wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency $2" >&2
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2" > "$WORK/$1.txt"
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/{print $2}' "$WORK/$1.txt")
  p50=$(awk '$1=="50%"{print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%"{print $2}' "$WORK/$1.txt")
  printf '%-10s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" > "$WORK/$1.rps"
}

echo "Conditions: $(conditions_line), scale $SCALE, body $(wc -c < "$WORK/body.json") bytes, wrk on the same machine"
echo "X-Cache of the endpoint: $(curl -sI "$BASE_URL$PATH_Q" | awk -F': ' 'tolower($1)=="x-cache"{print $2}' | tr -d '\r' || true)"
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE_URL$PATH_Q" > /dev/null   # warm-up (JIT, caches), not measured
run_wrk emporium "$BASE_URL$PATH_Q"
run_wrk nginx "http://127.0.0.1:$NGINX_PORT$PATH_Q"
awk -v a="$(cat "$WORK/emporium.rps")" -v b="$(cat "$WORK/nginx.rps")" \
  'BEGIN{printf "Ratio: Emporium / nginx = %.3f (%.1f%% of nginx)\n", a / b, 100 * a / b}'
