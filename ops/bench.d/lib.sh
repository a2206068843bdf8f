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
