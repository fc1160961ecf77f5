# Sourced by report.sh and the bench-*.sh scripts: start one Emporium server for a measurement and
# stop it afterwards. Needs JAVA_HOME (source scripts/java-home.sh first) and a built app/target/emporium.jar.
#
#   server_start PORT DATA_DIR LOG [extra app args...]   embedded PostgreSQL in DATA_DIR on a free port,
#                                                        or SPRING_DATASOURCE_URL when it is set
#
# Rate limits: a benchmark sends everything from 127.0.0.1, so the server it starts gets
# --emporium.rate-limit.multiplier=$BENCH_RATE_LIMIT_MULTIPLIER (default 1000: every limit x1000,
# e.g. login 10,000/min per address). Protection stays on (headers, buckets, Redis cost are all
# measured); only the budgets are widened. BENCH_RATE_LIMIT_MULTIPLIER=1 measures production limits.
# SERVER_CPUS=0 pins the server and its embedded PostgreSQL to CPU 0 (taskset), so that a load generator
# pinned elsewhere does not compete with it (the drills do this).
#   server_wait_ready PORT SECONDS                       until /actuator/health/readiness says UP
#   server_stop                                          SIGTERM, then SIGKILL after 30 s
#   free_port                                            a TCP port nobody listens on
#   psql_url                                             a psql connection URL for the server's database
#   db_cpu_ticks DATA_DIR                                CPU ticks (1/100 s) the embedded PostgreSQL serving
#                                                        DATA_DIR has used: postmaster, its live children and
#                                                        the children it has reaped
#                                                        (embedded: server_start exports PGPASSFILE, the
#                                                        password file beside DATA_DIR, for psql/pgbench)

# the rate-limit multiplier benchmark servers run with (see the top of this file)
bench_rate_limit_multiplier() {
  echo "${BENCH_RATE_LIMIT_MULTIPLIER:-1000}"
}

free_port() {
  # below the kernel's ephemeral range: a port drawn from inside it can be taken, between this check and
  # the server's bind, as the local end of an outgoing connection (the server's own pool connecting to
  # its embedded PostgreSQL did that twice on 2026-11-25: "Port ... was already in use")
  local port low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 12000 ] || low=32768
  for _ in $(seq 50); do
    port=$(( (RANDOM % (low - 10000)) + 10000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

server_start() {
  local port=$1 data_dir=$2 log=$3
  shift 3
  local args=(--server.port="$port" --emporium.rate-limit.multiplier="$(bench_rate_limit_multiplier)")
  if [ -z "${SPRING_DATASOURCE_URL:-}" ]; then
    EMPORIUM_PG_PORT=$(free_port)
    mkdir -p "$data_dir"
    args+=(--emporium.embedded-db.dir="$data_dir" --emporium.embedded-db.port="$EMPORIUM_PG_PORT")
  fi
  # SERVER_CPUS (e.g. 0): run the server, and the embedded PostgreSQL it starts, on those CPUs only
  ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} "$JAVA_HOME/bin/java" ${EMPORIUM_JAVA_OPTS:-} -jar app/target/emporium.jar \
    "${args[@]}" "$@" >"$log" 2>&1 &
  EMPORIUM_PID=$!
  export EMPORIUM_PID EMPORIUM_PG_PORT
  # the embedded server requires its generated password, kept in libpq's format beside the data
  # directory (written by the server's first start): psql and pgbench read it from there
  [ -z "${SPRING_DATASOURCE_URL:-}" ] && export PGPASSFILE="${data_dir%/}.pgpass"
  return 0
}

server_wait_ready() {
  local port=$1 timeout=$2
  for _ in $(seq "$timeout"); do
    if curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$EMPORIUM_PID" 2>/dev/null; then
      echo "the server exited during start-up" >&2
      return 1
    fi
    sleep 1
  done
  echo "the server was not ready after $timeout s" >&2
  return 1
}

server_stop() {
  [ -n "${EMPORIUM_PID:-}" ] || return 0
  if kill -0 "$EMPORIUM_PID" 2>/dev/null; then
    kill "$EMPORIUM_PID" 2>/dev/null || true
    for _ in $(seq 30); do
      kill -0 "$EMPORIUM_PID" 2>/dev/null || break
      sleep 1
    done
    kill -9 "$EMPORIUM_PID" 2>/dev/null || true
  fi
  wait "$EMPORIUM_PID" 2>/dev/null || true
  EMPORIUM_PID=
}

# postgresql://user:password@host:port/db from SPRING_DATASOURCE_URL (+ _USERNAME/_PASSWORD), or the embedded server.
psql_url() {
  if [ -n "${SPRING_DATASOURCE_URL:-}" ]; then
    local rest=${SPRING_DATASOURCE_URL#jdbc:postgresql://}
    rest=${rest%%\?*}
    local user=${SPRING_DATASOURCE_USERNAME:-postgres}
    local auth=$user
    [ -n "${SPRING_DATASOURCE_PASSWORD:-}" ] && auth="$user:$SPRING_DATASOURCE_PASSWORD"
    echo "postgresql://$auth@$rest"
  else
    echo "postgresql://postgres@127.0.0.1:$EMPORIUM_PG_PORT/postgres"
  fi
}

# Installs Debian packages that a benchmark needs when their command is missing (non-interactive, as root).
ensure_packages() {
  local missing=()
  while [ $# -gt 0 ]; do
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
    shift 2
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]} (apt-get)" >&2
  local sudo=
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# One line describing the machine and the code, printed with every figure.
# The postmaster is found by its data directory; backends are its children.
db_cpu_ticks() {
  local master total=0
  master=$(pgrep -f -- "postgres -D $(realpath "$1")" | head -1)
  [ -n "$master" ] || { echo 0; return; }
  for pid in $master $(pgrep -P "$master"); do
    [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat") ))
  done
  echo "$total"
}

conditions_line() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  git diff --quiet 2>/dev/null || commit="$commit-dirty"
  echo "$(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, commit $commit, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

# wrk_phase_lua SEED: the Lua a bench script's wrk request script starts with. Each thread learns its
# number (tid, thread_id) and the phase name passed after "--" (phase), seeds its random numbers from
# SEED, the thread and the phase, and counts responses by status; done() prints one "statuses: ..."
# line for the whole run. The caller defines request() and may use the global "threads".
wrk_phase_lua() {
  echo 'local threads = {}'
  cat <<LUA
function setup(thread) threads[#threads + 1] = thread; thread:set("tid", #threads) end
function init(args) phase = args[1] or "run"; thread_id = tid; math.randomseed($1 + tid + #phase); statuses = {} end
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
function done()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  local line = "statuses:"
  for status, n in pairs(total) do line = line .. " " .. status .. "=" .. n end
  print(line)
end
LUA
}
