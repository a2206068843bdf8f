# Helpers for bench scenarios: `source "$BENCH_ROOT/ops/bench.d/lib.sh"` (not a scenario itself).

# Brings the local stack up (reused when up; ops/bench stops it afterwards if it was not up before).
bench_stack_up() {
  "$BENCH_ROOT/ops/stack" up --quiet
}

# bench_pick QUICK_VALUE FULL_VALUE: the value for --quick or for the full run.
bench_pick() { if [[ "${BENCH_QUICK:-false}" == true ]]; then echo "$1"; else echo "$2"; fi; }

# bench_options "$@": the scenario's options without --quick (as BENCH_OPTIONS, an array).
bench_options() {
  BENCH_OPTIONS=()
  local a; for a in "$@"; do [[ "$a" == "--quick" ]] || BENCH_OPTIONS+=("$a"); done
}

# bench_jmh SCENARIO MODULE MAIN_CLASS "$@": a JMH scenario that needs no services. Builds MODULE (with what it
# depends on), runs MAIN_CLASS from its test classpath (with --quick when asked), and keeps the RESULT lines and
# the runner's "# jdk" line on stdout, JMH's progress on stderr. Works sourced by ops/bench (BENCH_ROOT and
# BENCH_QUICK set) and from a scenario script run on its own; runs in a subshell, so the caller's directory and
# traps are untouched.
bench_jmh() (
  set -euo pipefail
  local scenario="$1" module="$2" main="$3"
  shift 3
  local root="${BENCH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
  local quick="${BENCH_QUICK:-false}" a
  for a in "$@"; do
    case "$a" in
      --quick) quick=true ;;
      *) echo "$scenario: unknown option '$a' (only --quick)" >&2; return 64 ;;
    esac
  done
  cd "$root"
  if [[ -z "${BENCH_ROOT:-}" ]]; then
    echo "BENCH scenario=$scenario quick=$quick commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown) cores=$(nproc)"
    echo "BENCH jdk=$(java -version 2>&1 | head -1)"
    echo "BENCH load=$(cut -d' ' -f1-3 /proc/loadavg) (shared machine: compare ratios, not absolute figures)"
  fi
  local mvn=(./mvnw -B -q)
  # offline when the local repository already holds JMH (the usual case here)
  if [[ -d "${HOME}/.m2/repository/org/openjdk/jmh/jmh-core" ]]; then mvn+=(-o); fi
  "${mvn[@]}" -pl "$module" -am install -DskipTests -Dmarkauth.stack.skip=true >&2
  local cp_file
  cp_file="$(mktemp)"
  "${mvn[@]}" -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
  local cp="$module/target/classes:$module/target/test-classes:$(cat "$cp_file")"
  rm -f "$cp_file"
  local args=()
  [[ "$quick" == true ]] && args+=(--quick)
  java -cp "$cp" "$main" "${args[@]+"${args[@]}"}" | tee >(grep -vE '^(RESULT|# jdk)' >&2) | grep -E '^(RESULT|# jdk)'
)
