# Helpers for bench scenarios (sourced by ops/bench; not a scenario itself).

BENCH_STARTED_STACK=false

# Brings the local stack up if it is not; remembers to stop it afterwards only if this run started it.
bench_stack_up() {
  if ! "$BENCH_ROOT/ops/stack" check; then
    BENCH_STARTED_STACK=true
  fi
  "$BENCH_ROOT/ops/stack" up --quiet
}

bench_cleanup() {
  if [[ "$BENCH_STARTED_STACK" == true ]]; then
    echo "BENCH stopping the stack this run started"
    "$BENCH_ROOT/ops/stack" down
  fi
}

# bench_pick QUICK_VALUE FULL_VALUE
bench_pick() { if [[ "$BENCH_QUICK" == true ]]; then echo "$1"; else echo "$2"; fi; }
