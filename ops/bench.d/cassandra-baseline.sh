# describe: Cassandra node's single-row async insert rate and point-read rate (cassandra.insert, cassandra.read)
# Options are passed to `ops/cli bench-cassandra` (--duration, --warmup, --concurrency, --value-bytes).
bench_stack_up
"$BENCH_ROOT/ops/cli" bench-cassandra --duration "$(bench_pick 8 20)" --warmup "$(bench_pick 3 5)" "$@"
