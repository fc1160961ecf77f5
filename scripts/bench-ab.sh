#!/usr/bin/env bash
# ab -n 1000 -c 10 against /actuator/health: the exact command of the reports Emporium replaces, for a
# like-for-like comparison. Prints the command, the conditions and ab's figures.
#
#   scripts/bench-ab.sh [--requests 1000] [--concurrency 10] [--scale 0]
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=1000 CONCURRENCY=10 SCALE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2 ;; --concurrency) CONCURRENCY=$2 ;; --scale) SCALE=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
source scripts/java-home.sh
source scripts/server.sh
ensure_packages ab apache2-utils

WORK=$(mktemp -d)
trap 'server_stop; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
server_start "$PORT" "$(pwd)/data/report-scale$SCALE" "$WORK/server.log" --emporium.seed.scale="$SCALE"
server_wait_ready "$PORT" 3600
URL="http://127.0.0.1:$PORT/actuator/health"
echo "Conditions: $(conditions_line), scale $SCALE, ab on the same machine, server freshly started (cold JIT)"
echo "\$ ab -n $REQUESTS -c $CONCURRENCY $URL"
ab -n "$REQUESTS" -c "$CONCURRENCY" "$URL" > "$WORK/ab.txt" 2>&1
grep -E "^(Complete requests|Failed requests|Non-2xx|Requests per second|Time per request|Transfer rate)|^ +(50|95|99|100)%" "$WORK/ab.txt"
