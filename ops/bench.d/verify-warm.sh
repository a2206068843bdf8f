#!/usr/bin/env bash
# describe: verify-api warm, uniform over 30k codes, vs a trivial Vert.x endpoint, CPU µs per request per process (verify.warm.cpu, verify.warm.service, scan.write.cpu, verify.warm.p99, verify.startup, verify.heap)
# Run: ops/bench verify-warm [--quick]. Issued set 1M marks (100k with --quick); windows 20 s (8 s).
# The verify-api runs from its production jar in a process of its own; CPU per request per process
# from /proc (docs/performance.md, "Harness").
if [[ -z "${BENCH_ROOT:-}" ]]; then BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; fi
source "$BENCH_ROOT/ops/bench.d/verify.lib"
bench_stack_up
verify_bench_main warm "$@"
