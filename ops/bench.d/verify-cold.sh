#!/usr/bin/env bash
# describe: verify-api with every code cold vs one Ed25519 verify + one trivial request, machine CPU µs (verify.cold.cpu)
# Run: ops/bench verify-cold [--quick]. Cold set: 400k (100k with --quick) units of a batch issued while the service runs;
# warm-up until 60k (20k) cold codes or 120 s (40 s), window 20 s (8 s). BENCH_KEEP_WORK=1 keeps the logs.
# The verify-api runs from its production jar in a process of its own; CPU per request per process
# from /proc (docs/performance.md, "Harness").
if [[ -z "${BENCH_ROOT:-}" ]]; then BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; fi
source "$BENCH_ROOT/ops/bench.d/verify.lib"
bench_stack_up
verify_bench_main cold "$@"
