# Sourced by drill-overload.sh and drill-soak.sh: one server on fresh demo data (scale 0, ephemeral
# embedded PostgreSQL), customers logged in, capacity measured, heap and RSS sampled.
# Needs JAVA_HOME and scripts/server.sh sourced first; sets WORK, PORT, BASE, EMPORIUM_PID.
#
# CPUs: by default everything shares all CPUs. DRILL_PIN=1 runs the server and its PostgreSQL on CPU 0 and
# the load generators (wrk, FixedRateLoad) on the others; "capacity" is then that of one CPU (state it with
# every figure). Pinning was needed while the generator was Gatling, which took the server's CPU when asked
# for 3x capacity; FixedRateLoad offers 11,000 requests/s from a fraction of one core.
if [ "${DRILL_PIN:-0}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  export SERVER_CPUS=0
  LOADGEN=(taskset -c "1-$(( $(nproc) - 1 ))")
else
  LOADGEN=()
fi
drill_cpus() {
  if [ -n "${SERVER_CPUS:-}" ]; then echo "server + PostgreSQL on CPU $SERVER_CPUS, load generators on CPUs 1-$(( $(nproc) - 1 ))"
  else echo "server, PostgreSQL and load generators sharing all $(nproc) CPUs"; fi
}

# The clients log in once: their access tokens (5 min in production) and sessions (30 min idle) must outlive
# the longest drill, or a soak would turn into a stream of cheap 401s after five minutes.
drill_start_server() {
  ensure_packages wrk wrk jq jq curl curl
  WORK=$(mktemp -d /tmp/drill.XXXXXX)
  trap 'drill_stop_sampler || true; server_stop' EXIT
  if [ ! -f app/target/emporium.jar ] \
     || [ -n "$(find app/src load-tests/src -newer app/target/emporium.jar -type f 2>/dev/null | head -1)" ]; then
    ./mvnw -B -ntp -q ${MVN_OPTS:-} -DskipTests package   # the server jar and the load generator
  fi
  PORT=$(free_port)
  BASE="http://127.0.0.1:$PORT"
  EMPORIUM_JAVA_OPTS="${EMPORIUM_JAVA_OPTS:--Xms256m -Xmx${HEAP:-1g}}" \
    server_start "$PORT" "$WORK/db" "$WORK/server.log" --emporium.embedded-db.mode=ephemeral \
    --logging.level.root=warn \
    --emporium.security.access-token-ttl=4h --emporium.security.session-idle-timeout=4h "$@"
  server_wait_ready "$PORT" 900 || { tail -30 "$WORK/server.log"; exit 1; }
}

# Logs in customers 1..N of the demo data set (bcrypt, not measured); tokens one a line in $WORK/tokens.
drill_login() {
  local n=$1
  : > "$WORK/tokens"
  for i in $(seq 1 "$n"); do
    curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"customer$i@demo.emporium.dev\",\"password\":\"emporium-demo\"}" | jq -r .accessToken >> "$WORK/tokens"
  done
  cat > "$WORK/read.lua" <<LUA
local tokens = {}
for line in io.lines("$WORK/tokens") do tokens[#tokens + 1] = line end
request = function()
  return wrk.format("GET", "/api/v1/wallet/transactions?limit=20", { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
LUA
}

# Closed-loop throughput of the database-bound read (answered 200 per second): the capacity. Measured on a
# warm server: 10 s warm-up rounds until two in a row agree within 10 % (at most 6). One pinned CPU shares
# C2's compilations with the requests, and a single 10 s warm-up once gave a third of the warm capacity.
drill_capacity() {
  local seconds=$1 clients=$2 previous=0 current round
  for round in 1 2 3 4 5 6; do
    "${LOADGEN[@]}" wrk -t2 -c"$clients" -d10s -s "$WORK/read.lua" "$BASE" > "$WORK/warmup.txt"
    current=$(awk '/Requests\/sec/{printf "%d", $2}' "$WORK/warmup.txt")
    echo "  warm-up round $round: $current req/s"
    if [ "$previous" -gt 0 ] && awk -v a="$previous" -v b="$current" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d <= 0.1*a)}'; then
      break
    fi
    previous=$current
  done
  "${LOADGEN[@]}" wrk -t2 -c"$clients" -d"${seconds}s" --latency -s "$WORK/read.lua" "$BASE" > "$WORK/capacity.txt"
  local requests non2xx
  requests=$(awk '/requests in/{print $1}' "$WORK/capacity.txt")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$WORK/capacity.txt"); non2xx=${non2xx:-0}
  CAPACITY=$(( (requests - non2xx) / seconds ))
  CAPACITY_P99=$(awk '$1=="99%"{print $2}' "$WORK/capacity.txt")
}

# Every INTERVAL seconds: epoch, heap used (MiB, jcmd GC.heap_info), RSS (MiB), into $WORK/samples.
drill_start_sampler() {
  local interval=$1
  : > "$WORK/samples"
  (
    while kill -0 "$EMPORIUM_PID" 2>/dev/null; do
      heap=$("$JAVA_HOME/bin/jcmd" "$EMPORIUM_PID" GC.heap_info 2>/dev/null \
        | awk '/used/{for(i=1;i<=NF;i++) if($i=="used"){v=$(i+1); gsub(/[K,]/,"",v); print int(v/1024); exit}}')
      rss=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$EMPORIUM_PID/status" 2>/dev/null)
      echo "$(date +%s) ${heap:-?} ${rss:-?}" >> "$WORK/samples"
      sleep "$interval"
    done
  ) &
  SAMPLER_PID=$!
}

drill_stop_sampler() {
  if [ -n "${SAMPLER_PID:-}" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
  SAMPLER_PID=
  return 0
}

# Offers RATE GET /wallet/transactions per second for DURATION seconds (open model: FixedRateLoad, one
# thread, kept-alive connections, latency from each request's scheduled arrival), after WARMUP seconds
# (default 15) at WARMUP_RATE (default the capacity: no overload) that are not counted: the generator's
# JVM compiles its loop there, not in the measurement. Output in $WORK/load.txt.
drill_fixed_rate() {
  local rate=$1 duration=$2 warmup=${3:-15} warmup_rate=${4:-$CAPACITY}
  "${LOADGEN[@]}" "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -XX:+UseParallelGC -cp load-tests/target/classes \
    dev.emporium.load.openloop.FixedRateLoad --url "$BASE/api/v1/wallet/transactions?limit=20" \
    --tokens "$WORK/tokens" --rate "$rate" --duration "$duration" --max-connections "${LOAD_CONNECTIONS:-512}" \
    --warmup "$warmup" --warmup-rate "$warmup_rate" > "$WORK/load.txt" 2>&1 &
  local load_pid=$!
  # the measured phase starts 2 s after the warm-up line: run the caller's snapshot hook then
  until grep -q '^warm-up' "$WORK/load.txt" 2>/dev/null || ! kill -0 "$load_pid" 2>/dev/null; do sleep 0.2; done
  if declare -F drill_before_measuring > /dev/null; then drill_before_measuring; fi
  wait "$load_pid" || { tail -20 "$WORK/load.txt"; exit 1; }
  sed 's/^/  /' "$WORK/load.txt" | grep -v RESULT
}

# total ok refused, p50/p99 of admitted and of refused (ms), mean rate, generator dispatch p99 (ms), timeouts
drill_load_figures() {
  awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s %s %s %s %s %s %s %.1f %s %s\n", v["arrivals"], v["ok"], v["refused"], v["ok_p50_ms"], v["ok_p99_ms"],
      v["refused_p50_ms"], v["refused_p99_ms"], v["arrivals"] / v["seconds"], v["dispatch_p99_ms"], v["timeouts"] + v["failed"] + v["other"] }' \
    "$WORK/load.txt"
}

drill_heap_summary() {
  awk 'NR==1{h0=$2; r0=$3} {if($2+0>hm) hm=$2+0; if($3+0>rm) rm=$3+0; hl=$2; rl=$3; n++}
       END {printf "heap used MiB: first %s, max %s, last %s; RSS MiB: first %s, max %s, last %s (%d samples)\n", h0, hm, hl, r0, rm, rl, n}' \
    "$WORK/samples"
}
