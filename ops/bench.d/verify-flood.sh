#!/usr/bin/env bash
# describe: verify-api genuine rate during a flood of random codes vs genuine alone (verify.flood), CPU per process, Cassandra reads during it
# Run: ops/bench verify-flood [--quick]. Issued set 1M marks (100k with --quick); windows 20 s (8 s).
# The verify-api runs from its production jar in a process of its own; CPU per request per process
# from /proc (docs/performance.md, "Harness").
if [[ -z "${BENCH_ROOT:-}" ]]; then BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; fi
source "$BENCH_ROOT/ops/bench.d/verify.lib"
bench_stack_up
verify_bench_main flood "$@"
