#!/usr/bin/env bash
# Hit ratio, p99 and invalidation cost per write of the standard mixed workload with admin writes
# added (price/stock PATCHes on Zipf-drawn products) at several shares of all requests.
#
#   scripts/bench-writes.sh [--jar PATH] [--rate 20] [--duration 40] [--percents "0 1 5"] [--data DIR]
#
# Starts its own Redis (redis-server on a free port, no persistence) and one Emporium on the demo data
# set (embedded PostgreSQL in data/bench-writes), then for each write share runs MixedWorkloadSimulation
# and prints, from the server's own counters taken before and after the run: cache hit ratio (hits of
# either tier / lookups, all caches), Gatling's global p99, PATCH count, mean PATCH time on the server,
# and invalidations sent per write (tags invalidated, each one key touched in Redis + one message).
# --jar lets the same run measure another build (e.g. the commit before the cache hardening).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
source scripts/server.sh
JAR=app/target/emporium.jar RATE=20 DURATION=40 PERCENTS="0 1 5" DATA=data/bench-writes
while [ $# -gt 0 ]; do
  case $1 in
    --jar) JAR=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --percents) PERCENTS=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
OUT=target/bench-writes; mkdir -p "$OUT"
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!
PORT=$(free_port)
export EMPORIUM_ADMIN_EMAIL=bench-admin@emporium.local EMPORIUM_ADMIN_PASSWORD=bench-admin-password-1
[ "$JAR" = app/target/emporium.jar ] || cp "$JAR" "$OUT/under-test.jar"
trap 'server_stop; kill $REDIS_PID 2>/dev/null || true' EXIT
if [ "$JAR" != app/target/emporium.jar ]; then
  "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -jar "$OUT/under-test.jar" --server.port="$PORT" \
      --emporium.embedded-db.dir="$DATA" --emporium.embedded-db.port="$(free_port)" \
      --emporium.cache.redis-url="redis://127.0.0.1:$REDIS_PORT" \
      --emporium.rate-limit.multiplier="$(bench_rate_limit_multiplier)" >"$OUT/server.log" 2>&1 &
  EMPORIUM_PID=$!
else
  EMPORIUM_JAVA_OPTS="-Xms512m -Xmx1g" server_start "$PORT" "$DATA" "$OUT/server.log" \
      --emporium.cache.redis-url="redis://127.0.0.1:$REDIS_PORT"
fi
server_wait_ready "$PORT" 180
echo "jar: $JAR ($(git rev-parse --short HEAD) checked out); rate $RATE journeys/s; ${DURATION}s per run after a 5 s ramp; scale 0; Redis on"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
sum() { # sum of a Prometheus series matching a grep pattern (0 when none)
  { grep -E "$1" "$2" || true; } | awk '{s+=$NF} END {printf "%.0f", s}'
}
printf "%-8s %-10s %-9s %-6s %-8s %-14s %-12s\n" "writes" "hit ratio" "p99 (ms)" "KO" "PATCHes" "PATCH mean ms" "inval/write"
for pct in $PERCENTS; do
  curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "http://127.0.0.1:$PORT/actuator/prometheus" >"$OUT/before-$pct.prom"
  ./mvnw -q -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=dev.emporium.load.simulation.MixedWorkloadSimulation \
      -DbaseUrl="http://127.0.0.1:$PORT" -Drate="$RATE" -Dduration="${DURATION}s" -DrampUp=5s -Dscale=0 \
      -DwritePercent="$pct" -DadminEmail="$EMPORIUM_ADMIN_EMAIL" -DadminPassword="$EMPORIUM_ADMIN_PASSWORD" \
      >"$OUT/gatling-$pct.log" 2>&1 || true
  curl -sf ${EMPORIUM_METRICS_SCRAPE_TOKEN:+-H "Authorization: Bearer $EMPORIUM_METRICS_SCRAPE_TOKEN"} "http://127.0.0.1:$PORT/actuator/prometheus" >"$OUT/after-$pct.prom"
  d() { echo $(( $(sum "$1" "$OUT/after-$pct.prom") - $(sum "$1" "$OUT/before-$pct.prom") )); }
  hits=$(d '^emporium_cache_requests_total\{.*result="hit"')
  l1=$(d '^emporium_cache_requests_total\{.*tier="L1"')
  patches=$(d '^http_server_requests_seconds_count\{.*method="PATCH".*uri="/api/v1/admin/products/\{id\}"')
  inval=$(d '^emporium_cache_invalidations_total\{.*direction="sent"')
  psum_after=$({ grep -E '^http_server_requests_seconds_sum\{.*method="PATCH"' "$OUT/after-$pct.prom" || true; } | awk '{s+=$NF} END {print s+0}')
  psum_before=$({ grep -E '^http_server_requests_seconds_sum\{.*method="PATCH"' "$OUT/before-$pct.prom" || true; } | awk '{s+=$NF} END {print s+0}')
  p99=$({ grep -E "response time 99th percentile" "$OUT/gatling-$pct.log" || true; } | tail -1 | awk -F'|' '{gsub(/[ ,]/,"",$2); print $2}')
  ko=$({ grep -E "^> request count" "$OUT/gatling-$pct.log" || true; } | tail -1 | awk -F'|' '{gsub(/[ ,]/,"",$4); print $4}')
  awk -v h="$hits" -v l="$l1" -v p="$patches" -v i="$inval" -v a="$psum_after" -v b="$psum_before" -v pct="$pct" -v p99="${p99:-?}" -v ko="${ko:-?}" \
    'BEGIN { printf "%-8s %-10s %-9s %-6s %-8d %-14s %-12s\n", pct "%", (l>0? sprintf("%.1f %%", 100*h/l) : "-"), p99, ko, p,
             (p>0? sprintf("%.2f", 1000*(a-b)/p) : "-"), (p>0? sprintf("%.1f", i/p) : "-") }'
done
