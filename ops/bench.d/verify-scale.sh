#!/usr/bin/env bash
# describe: two verify-api processes at R each vs one at R (R = 8% of one's max): service CPU µs per verification (verify.scale, verify.scale.rate)
# Run: ops/bench verify-scale [--quick]. Issued set 100k marks; windows 20 s (8 s with --quick).
# The verify-api runs from its production jar in a process of its own; CPU per request per process
# from /proc (docs/performance.md, "Harness").
if [[ -z "${BENCH_ROOT:-}" ]]; then BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; fi
source "$BENCH_ROOT/ops/bench.d/verify.lib"
bench_stack_up
verify_bench_main scale "$@"
