#!/usr/bin/env bash
# describe: verify-api with every code cold vs the node's point-read rate of marks (verify.cold)
# Run: ops/bench verify-cold [--quick]. Brings the stack up, loads the issued set (1M marks; 200k with --quick).
if [[ -z "${BENCH_ROOT:-}" ]]; then BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; fi
source "$BENCH_ROOT/ops/bench.d/verify.lib"
if declare -F bench_stack_up >/dev/null; then bench_stack_up; fi
verify_bench_main cold "$@"
