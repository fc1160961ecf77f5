#!/usr/bin/env bash
# ab -n 1000 -c 10 against /actuator/health — the exact command of the reports Emporium replaces —
# side by side with nginx serving the same health JSON as a static file, in the same run, warm.
# Prints the command, the conditions and ab's figures for both, and the ratio.
#
#   scripts/bench-ab.sh [--requests 1000] [--concurrency 10] [--rounds 3] [--scale 0] [--keepalive]
#
# Both servers are warmed first (5,000 requests each, not measured: JIT for Emporium), then the
# measured command runs against Emporium and nginx alternately, --rounds times; the median round of
# each is the figure. ab opens a new connection per request (no -k), like the original command;
# --keepalive adds -k, which isolates the cost of the request from the cost of the TCP connection.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=1000 CONCURRENCY=10 ROUNDS=3 SCALE=0 KEEPALIVE=()
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2 ;; --concurrency) CONCURRENCY=$2 ;; --rounds) ROUNDS=$2 ;; --scale) SCALE=$2 ;;
    --keepalive) KEEPALIVE=(-k); shift; continue ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages ab apache2-utils nginx nginx

WORK=$(mktemp -d /tmp/bench-ab.XXXXXX); chmod 755 "$WORK"
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  server_stop
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
server_start "$PORT" "$(pwd)/data/report-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE"
server_wait_ready "$PORT" 3600
APP="http://127.0.0.1:$PORT/actuator/health"

NGINX_PORT=$(free_port)
mkdir -p "$WORK/www"
curl -fs "$APP" -o "$WORK/www/health.json"
sed -e "s#__DIR__#$WORK#g" -e "s#__PORT__#$NGINX_PORT#g" deploy/nginx-health-bench.conf >"$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf"
NGINX="http://127.0.0.1:$NGINX_PORT/actuator/health"
sleep 0.5
cmp -s "$WORK/www/health.json" <(curl -fs "$NGINX") || { echo "nginx does not serve the same body" >&2; exit 1; }

for url in "$APP" "$NGINX"; do ab -q -n 5000 -c "$CONCURRENCY" "$url" >/dev/null 2>&1; done

rps() { awk '/^Requests per second/{print $4}' "$1"; }
# CPU time (ticks) a process tree has used so far: the load-independent cost of the requests it served.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo "$t"; }
NGINX_PIDS=("$(cat "$WORK/nginx.pid")" $(pgrep -P "$(cat "$WORK/nginx.pid")"))
HZ=$(getconf CLK_TCK)
pct() { awk -v p="$2%" '$1==p{print $2}' "$1"; }
echo "Conditions: $(conditions_line), scale $SCALE, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  ab, Emporium and nginx (worker_processes auto) share the machine over loopback; body $(wc -c <"$WORK/www/health.json") bytes"
echo "  both warmed with 5,000 requests first; $ROUNDS alternating rounds of:"
echo "\$ ab ${KEEPALIVE[*]} -n $REQUESTS -c $CONCURRENCY $APP     (then the same against nginx)"
: >"$WORK/app.rps"; : >"$WORK/nginx.rps"
APP_T0=$(ticks "$EMPORIUM_PID"); NGINX_T0=$(ticks "${NGINX_PIDS[@]}"); APP_T=0; NGINX_T=0
for round in $(seq "$ROUNDS"); do
  t=$(ticks "$EMPORIUM_PID")
  ab "${KEEPALIVE[@]}" -n "$REQUESTS" -c "$CONCURRENCY" "$APP" >"$WORK/app-$round.txt" 2>&1
  APP_T=$((APP_T + $(ticks "$EMPORIUM_PID") - t)); t=$(ticks "${NGINX_PIDS[@]}")
  ab "${KEEPALIVE[@]}" -n "$REQUESTS" -c "$CONCURRENCY" "$NGINX" >"$WORK/nginx-$round.txt" 2>&1
  NGINX_T=$((NGINX_T + $(ticks "${NGINX_PIDS[@]}") - t))
  a=$(rps "$WORK/app-$round.txt"); n=$(rps "$WORK/nginx-$round.txt")
  echo "$a $round" >>"$WORK/app.rps"; echo "$n $round" >>"$WORK/nginx.rps"
  printf '  round %d: emporium %8.0f req/s (p50 %s ms, p99 %s ms, failed %s)   nginx %8.0f req/s (p50 %s ms, p99 %s ms)   ratio %.2f\n' \
    "$round" "$a" "$(pct "$WORK/app-$round.txt" 50)" "$(pct "$WORK/app-$round.txt" 99)" \
    "$(awk '/^Failed requests/{print $3}' "$WORK/app-$round.txt")" \
    "$n" "$(pct "$WORK/nginx-$round.txt" 50)" "$(pct "$WORK/nginx-$round.txt" 99)" "$(awk -v a="$a" -v n="$n" 'BEGIN{print a/n}')"
done
median() { sort -n "$1" | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
A=$(median "$WORK/app.rps"); N=$(median "$WORK/nginx.rps")
grep -E "^Non-2xx" "$WORK"/app-*.txt && echo "some Emporium answers were not 2xx" >&2 || true
printf 'server CPU per request over all rounds (independent of what else loads the machine): emporium %s, nginx %s requests per CPU-second\n' \
  "$(awk -v n=$((REQUESTS * ROUNDS)) -v t="$APP_T" -v hz="$HZ" 'BEGIN{printf "%.0f", t ? n*hz/t : 0}')" \
  "$(awk -v n=$((REQUESTS * ROUNDS)) -v t="$NGINX_T" -v hz="$HZ" 'BEGIN{printf "%.0f", t ? n*hz/t : 0}')"
printf 'median: emporium %.0f req/s, nginx %.0f req/s, emporium/nginx %.2f (targets: >= 17,090 req/s and >= 0.5 of nginx)\n' \
  "$A" "$N" "$(awk -v a="$A" -v n="$N" 'BEGIN{print a/n}')"
