#!/usr/bin/env bash
# Soak drill (issue 15): measure the capacity of a database-bound read, then offer half of it for
# --duration (default 30 minutes; open model, FixedRateLoad) while heap used (jcmd GC.heap_info) and RSS
# (/proc) are sampled every --interval seconds. Prints the samples, first/max/last, and the admitted
# latency; the heap and RSS should be flat (no growth from start to end beyond GC noise).
#
#   scripts/drill-soak.sh [--duration 1800] [--interval 30] [--factor 0.5]
#
# Not run in CI: half an hour. Loopback only; the load generator shares the machine with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=1800 INTERVAL=30 FACTOR=0.5 CLIENTS=20 CAP_SECONDS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=${2%s} ;; --interval) INTERVAL=${2%s} ;; --factor) FACTOR=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
source scripts/drill-common.sh

drill_start_server
drill_login 64
echo "Conditions: $(conditions_line), load average $(cut -d' ' -f1-3 /proc/loadavg), scale 0 (demo data),"
echo "  heap -Xmx${HEAP:-1g}, DB pool ${EMPORIUM_DB_POOL_SIZE:-10}, $(drill_cpus)"
drill_capacity "$CAP_SECONDS" "$CLIENTS"
RATE=$(awk -v c="$CAPACITY" -v f="$FACTOR" 'BEGIN{printf "%d", c * f}')
echo "capacity: $CAPACITY req/s; soak at $RATE req/s (x$FACTOR) for ${DURATION}s, sampling every ${INTERVAL}s"
drill_start_sampler "$INTERVAL"
drill_fixed_rate "$RATE" "$DURATION" 15 "$RATE"
drill_stop_sampler
read -r TOTAL OK KO OK_P50 OK_P99 KO_P50 KO_P99 MEAN_RPS DISPATCH_P99 OTHER < <(drill_load_figures)
echo
echo "epoch heap_MiB rss_MiB"
cat "$WORK/samples"
echo "$(drill_heap_summary)"
echo "requests: $TOTAL ($OK ok, $KO refused, $OTHER other), admitted p50 ${OK_P50} ms p99 ${OK_P99} ms, ${MEAN_RPS}/s mean;" \
  "generator dispatch p99 ${DISPATCH_P99} ms"
echo "readiness after: $(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness")"
