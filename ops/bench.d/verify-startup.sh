#!/usr/bin/env bash
# describe: verify-api start-up, launch to /health/ready with Cassandra and Redis up, with and without the class-data archive, vs a trivial Vert.x endpoint (verify.startup)
# Run: ops/bench verify-startup [--quick]. 7 launches each way, in turn (3 with --quick); issued set 10k marks.
# The verify-api runs from its production jar with the production options; the class-data archive
# is made first as ops/deploy/verify-api-cds makes it (docs/verify-api.md, "Start-up").
if [[ -z "${BENCH_ROOT:-}" ]]; then BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; fi
source "$BENCH_ROOT/ops/bench.d/verify.lib"
bench_stack_up
verify_bench_main startup "$@"
