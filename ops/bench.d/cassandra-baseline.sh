#!/usr/bin/env bash
# describe: Cassandra node's single-row async insert rate and point-read rate (cassandra.insert, cassandra.read)
# Other options go to `ops/cli bench-cassandra` (--duration, --warmup, --concurrency, --value-bytes).
set -euo pipefail
BENCH_ROOT="${BENCH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
source "$BENCH_ROOT/ops/bench.d/lib.sh"
bench_options "$@"

bench_stack_up
"$BENCH_ROOT/ops/cli" bench-cassandra --duration "$(bench_pick 8 20)" --warmup "$(bench_pick 3 5)" \
  "${BENCH_OPTIONS[@]+"${BENCH_OPTIONS[@]}"}"
