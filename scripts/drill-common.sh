# Sourced by drill-overload.sh and drill-soak.sh: one server on fresh demo data (scale 0, ephemeral
# embedded PostgreSQL), customers logged in, capacity measured, heap and RSS sampled.
# Needs JAVA_HOME and scripts/server.sh sourced first; sets WORK, PORT, BASE, EMPORIUM_PID.
#
# CPUs: on a machine with 2 or more, the server and its PostgreSQL run on CPU 0 and the load generators
# (wrk, Gatling) on the others (DRILL_PIN=0 turns this off). Unpinned, a generator offering 3x the
# server's capacity takes the server's CPU, and what is measured is the generator's starvation, not
# shedding. Pinned, "capacity" is that of one CPU: state it with every figure.
if [ "${DRILL_PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
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
    ./mvnw -B -ntp -q ${MVN_OPTS:-} -DskipTests package   # the server jar and the Gatling simulations
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

# Closed-loop throughput of the database-bound read (answered 200 per second): the capacity.
drill_capacity() {
  local seconds=$1 clients=$2
  "${LOADGEN[@]}" wrk -t2 -c"$clients" -d10s -s "$WORK/read.lua" "$BASE" > /dev/null   # JIT warm-up, not measured
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

# Runs OverloadSimulation at RATE/s for DURATION (e.g. 60s); the Gatling run's directory in GATLING_RUN.
drill_gatling() {
  local rate=$1 duration=$2
  ulimit -n 65536 2>/dev/null || true   # Gatling's sockets; 1024 runs out at a few thousand arrivals per second
  "${LOADGEN[@]}" ./mvnw -B -ntp -q ${MVN_OPTS:-} -pl load-tests gatling:test \
    -Dgatling.simulationClass=dev.emporium.load.simulation.OverloadSimulation \
    -DbaseUrl="$BASE" -DtokensFile="$WORK/tokens" -Drate="$rate" -Dduration="$duration" > "$WORK/gatling.txt" 2>&1 || true
  GATLING_RUN=$(ls -td load-tests/target/gatling/overloadsimulation-* 2>/dev/null | head -1)
  grep -q "Global Information" "$WORK/gatling.txt" || { tail -40 "$WORK/gatling.txt"; exit 1; }
}

# total ok ko, p50/p99 of OK and of KO (ms), mean rps: from the final "Global Information" table Gatling
# prints (Gatling 3.15 writes no stats.json; load-tests' SimulationLogReader reads simulation.log for the report)
drill_gatling_figures() {
  awk -F'|' '
    /Global Information/ { n++ }
    function v(i) { x = $i; gsub(/[ ,]/, "", x); return x }
    /> request count/ { c[n] = v(2) " " v(3) " " v(4) }
    /response time 50th percentile/ { p50[n] = v(3) " " v(4) }
    /response time 99th percentile/ { p99[n] = v(3) " " v(4) }
    /mean throughput/ { rps[n] = v(2) }
    END { split(p50[n], a, " "); split(p99[n], b, " "); print c[n], a[1], b[1], a[2], b[2], rps[n] }' "$WORK/gatling.txt"
}

drill_heap_summary() {
  awk 'NR==1{h0=$2; r0=$3} {if($2+0>hm) hm=$2+0; if($3+0>rm) rm=$3+0; hl=$2; rl=$3; n++}
       END {printf "heap used MiB: first %s, max %s, last %s; RSS MiB: first %s, max %s, last %s (%d samples)\n", h0, hm, hl, r0, rm, rl, n}' \
    "$WORK/samples"
}
