#!/usr/bin/env bash
# Overload drill (issue 15): measure the capacity of a database-bound read, then offer 3x that rate for
# 60 s (open model, FixedRateLoad) and check what load shedding promises:
#   - admitted requests (200) keep p99 <= 100 ms,
#   - the rest are refused quickly (503 overloaded / 429: p99 <= 100 ms), not queued into the pool; none time out,
#   - heap stays bounded (jcmd GC.heap_info every 2 s; -Xmx1g),
#   - the server is healthy immediately afterwards (readiness 200 and a database-bound read 200).
# Prints the figures with their conditions and exits non-zero when a check fails.
#
#   scripts/drill-overload.sh [--factor 3] [--duration 60] [--capacity-seconds 20] [--clients 20]
#
# --clients stays below the admission gate's places (10 running + 20 queued): a closed loop with more
# connections than places spends part of the machine on instant 503s and re-sends, which is not capacity.
# CPUs: see drill-common.sh (all shared by default; DRILL_PIN=1 puts the server on CPU 0, generators on the rest).
#
# Loopback only; the load generator shares the machine with the server (say so with any figure).
set -euo pipefail
cd "$(dirname "$0")/.."
FACTOR=3 DURATION=60 CAP_SECONDS=20 CLIENTS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --factor) FACTOR=$2 ;; --duration) DURATION=${2%s} ;; --capacity-seconds) CAP_SECONDS=${2%s} ;;
    --clients) CLIENTS=$2 ;;
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
echo "  heap -Xmx${HEAP:-1g}, DB pool ${EMPORIUM_DB_POOL_SIZE:-10}, shedding defaults, at most ${EMPORIUM_HTTP_MAX_CONNECTIONS:-2000} connections,"
echo "  $(drill_cpus)"
echo "\$ wrk -t2 -c$CLIENTS -d${CAP_SECONDS}s GET /api/v1/wallet/transactions?limit=20 (64 customers)"
drill_capacity "$CAP_SECONDS" "$CLIENTS"
RATE=$(( CAPACITY * FACTOR ))
echo "capacity: $CAPACITY req/s answered 200 (closed loop, $CLIENTS connections, p99 $CAPACITY_P99)"
echo "\$ FixedRateLoad --rate $RATE --duration $DURATION --warmup 15 --warmup-rate $CAPACITY   (${FACTOR}x capacity, open model,"
echo "  at most ${LOAD_CONNECTIONS:-512} connections; the warm-up at the capacity is not counted)"
# the server's own view of the admitted reads: its request-duration histogram (from the first filter to the
# response; LateRequestFilter refuses any request that waited over emporium.shedding.max-start-delay before it)
admitted_buckets() {
  curl -s --max-time 10 "$BASE/actuator/prometheus" | awk '/^http_server_requests_seconds_bucket\{/ && /status="200"/ \
    && /uri="\/api\/v1\/wallet\/transactions"/ { match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); print le, $NF }'
}
drill_start_sampler 2
# after the generator's warm-up at the capacity (not counted), right before the overload starts
drill_before_measuring() {
  admitted_buckets > "$WORK/buckets.before"
  HEAP_BEFORE=$(tail -1 "$WORK/samples" | awk '{print $2}')
}
drill_fixed_rate "$RATE" "$DURATION" 15 "$CAPACITY"
END=$(date +%s%N)
admitted_buckets > "$WORK/buckets.after"
READY=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness")
AFTER=$(curl -s --max-time 10 -o /dev/null -w '%{http_code} %{time_total}' "$BASE/api/v1/wallet/transactions?limit=20" \
  -H "Authorization: Bearer $(head -1 "$WORK/tokens")")
AFTER_MS=$(( ($(date +%s%N) - END) / 1000000 ))
sleep 4
drill_stop_sampler
read -r TOTAL OK KO OK_P50 OK_P99 KO_P50 KO_P99 MEAN_RPS DISPATCH_P99 OTHER < <(drill_load_figures)
echo
echo "offered: $TOTAL requests (${MEAN_RPS}/s mean over the run, target $RATE/s); the generator's dispatch delay p99 ${DISPATCH_P99} ms"
echo "admitted (200): $OK   p50 ${OK_P50} ms   p99 ${OK_P99} ms   (from each request's scheduled arrival, as the client saw it)"
echo "refused (503/429): $KO   p50 ${KO_P50} ms   p99 ${KO_P99} ms;   anything else, timeouts and failures: $OTHER"
read -r SERVER_N SERVER_UNDER_100 SERVER_P99 < <(awk 'NR == FNR { before[$1] = $2; next }
  { n = $2 - before[$1]; if ($1 == "+Inf") total = n; else { le[++k] = $1; c[k] = n } }
  END { p99 = "+Inf"
        for (i = 1; i <= k; i++) if (le[i] == "0.1") under = c[i];
        for (i = 1; i <= k; i++) if (c[i] >= 0.99 * total) { p99 = le[i] * 1000; break }
        printf "%d %.2f %s\n", total, total ? 100 * under / total : 0, p99 }' "$WORK/buckets.before" "$WORK/buckets.after")
echo "admitted, as the server timed them (first filter to response): $SERVER_N requests, ${SERVER_UNDER_100} % within 100 ms," \
  "p99 <= ${SERVER_P99} ms (histogram bucket bound)"
echo "server meters: $(curl -s --max-time 10 "$BASE/actuator/prometheus" | grep -E '^emporium_shedding_(admitted|shed)_total' | tr '\n' ' ')"
echo "$(drill_heap_summary); heap before the overload ${HEAP_BEFORE} MiB"
echo "right after: readiness $READY, database-bound read ${AFTER% *} in ${AFTER#* }s (${AFTER_MS} ms after the run ended)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
FAIL=0
awk -v p="$OK_P99" 'BEGIN{exit !(p <= 100)}' || { echo "CHECK FAILED: admitted p99 ${OK_P99} ms > 100 ms"; FAIL=1; }
awk -v p="$KO_P99" 'BEGIN{exit !(p <= 100)}' || { echo "CHECK FAILED: refusals p99 ${KO_P99} ms > 100 ms (not refused quickly)"; FAIL=1; }
[ "$OTHER" = 0 ] || { echo "CHECK FAILED: $OTHER requests neither admitted nor refused (other statuses, timeouts, failures)"; FAIL=1; }
awk -v p="$DISPATCH_P99" 'BEGIN{exit !(p <= 5)}' \
  || echo "WARNING: the generator fell behind its schedule (dispatch p99 ${DISPATCH_P99} ms): client figures include its own delay"
[ "$READY" = 200 ] || { echo "CHECK FAILED: readiness $READY right after the overload"; FAIL=1; }
[ "${AFTER% *}" = 200 ] || { echo "CHECK FAILED: database-bound read ${AFTER% *} right after the overload"; FAIL=1; }
[ "$FAIL" = 0 ] && echo "overload drill: all checks passed"
exit "$FAIL"
