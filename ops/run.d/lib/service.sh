# Sourced by ops/run and the ops/run.d/NN-*.sh scripts: where the built services are and how one
# is started in the background (pid file and log under the stack folder) and waited for.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
STACK_DIR="${MARKAUTH_STACK_DIR:-$ROOT/.local}"
DEMO_DIR="$STACK_DIR/demo"
CP_FILE="$ROOT/demo/target/demo.classpath"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

run_die() { echo "ops/run: $*" >&2; exit 1; }

run_classpath() { echo "$ROOT/demo/target/classes:$(cat "$CP_FILE")"; }

# A pid file is ours while its process is alive and runs the main class we started.
service_pid() { # name main-class
  local f="$STACK_DIR/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2" || return 1
  echo "$pid"
}

port_taken() { timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

# start_service NAME MAIN-CLASS PORT HEALTH-PATH PORT-VARIABLE [args...]: reuse it when it already
# runs from our pid file, else start it and wait (MARKAUTH_SERVICE_START_TIMEOUT, default 180 s)
# until HEALTH-PATH answers 200.
start_service() {
  local name="$1" main="$2" port="$3" health="$4" portvar="$5"; shift 5
  local url="http://127.0.0.1:$port$health" log="$STACK_DIR/$name.log" pid
  if pid="$(service_pid "$name" "$main")"; then
    if curl -sf -o /dev/null --max-time 5 "$url"; then
      echo "$name: running at 127.0.0.1:$port (pid $pid), reused"; return 0
    fi
  else
    rm -f "$STACK_DIR/$name.pid"
    port_taken "$port" && run_die "$name: port $port is taken by another program; set $portvar to a free port"
    mkdir -p "$STACK_DIR"
    # setsid and every descriptor redirected: the service outlives ops/run and holds none of its pipes.
    setsid "$JAVA" ${MARKAUTH_SERVICE_JAVA_OPTS:--Xmx384m} -cp "$(run_classpath)" "$main" "$@" </dev/null >>"$log" 2>&1 &
    pid=$!
    echo "$pid" > "$STACK_DIR/$name.pid"
    echo "$name: starting at 127.0.0.1:$port (pid $pid), log $log"
  fi
  local deadline=$(( $(date +%s) + ${MARKAUTH_SERVICE_START_TIMEOUT:-180} ))
  until curl -sf -o /dev/null --max-time 5 "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$STACK_DIR/$name.pid"; tail -n 25 "$log" >&2
      run_die "$name exited during start-up (log above, $log)"
    fi
    (( $(date +%s) < deadline )) || { tail -n 25 "$log" >&2; run_die "$name: no answer at $url within ${MARKAUTH_SERVICE_START_TIMEOUT:-180}s (pid $pid, log $log)"; }
    sleep 1
  done
  echo "$name: ready at http://127.0.0.1:$port"
}
