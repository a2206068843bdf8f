#!/usr/bin/env bash
# describe: every drill in turn (hostile, kill-verify, redis, redis-sentinel, redis-cluster, then the Cassandra cluster ones on one cluster boot); a summary of DRILL lines
# two-dc (four more Cassandra JVMs, ~25 min here) and rolling-upgrade (builds the previous release) run on their own.
# Usage: ops/drills/all.sh [--no-cluster]   (--no-cluster skips multi-node and cassandra: no extra Cassandra JVMs)
set -uo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$DIR/lib.sh"
summary=(); rc=0
run() { local out; out="$(bash "$DIR/$1.sh" 2>&1 | tee >(cat >&2) | grep '^DRILL ' | tail -1)"; summary+=("${out:-DRILL $1 FAIL (no result line)}"); [[ "$out" == *" PASS"* ]] || rc=1; }
run hostile; run kill-verify; run redis; run redis-sentinel; run redis-cluster
if [[ "${1:-}" != --no-cluster ]]; then
  source "$DIR/cluster.lib"; cluster_up   # one boot for both drills: they find it up and leave it running
  run multi-node; run cassandra
fi
echo; echo "== drills =="; printf '%s\n' "${summary[@]}"
exit $rc
