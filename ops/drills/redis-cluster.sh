#!/usr/bin/env bash
# describe: two verify-api instances and a mark-issuer on a six-node Redis Cluster under load: pub/sub across masters, a master killed (kill -9) and failed over, slots resharded; no 5xx, no lost scan, every key in its slot
# Opt-in (six redis-server processes on 127.0.0.1:7201-7206): ./mvnw -B verify -Predis-cluster runs it, or run this script.
# The cluster is started here unless it already runs, and stopped afterwards only if this drill started it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REDIS_CLUSTER="$DRILLS_ROOT/ops/cluster/redis-cluster"
"$DRILLS_ROOT/ops/stack" up --quiet
REDIS_CLUSTER_STARTED=false
if ! "$REDIS_CLUSTER" status 2>/dev/null | grep -q '^cluster_state:ok'; then
  REDIS_CLUSTER_STARTED=true
  "$REDIS_CLUSTER" up
fi
redis_cluster_down() {
  if [[ "$REDIS_CLUSTER_STARTED" == true && "${DRILL_KEEP_CLUSTER:-false}" != true ]]; then "$REDIS_CLUSTER" down; fi
}
trap redis_cluster_down EXIT
export MARKAUTH_REDIS_MODE=cluster
export MARKAUTH_REDIS_URLS; MARKAUTH_REDIS_URLS="$("$REDIS_CLUSTER" seeds)"
drill_run redis-cluster --instances=2 --seconds=${DRILL_SECONDS:-80} --fault-at=15 --recover-at=35 \
  --fault-cmd="$REDIS_CLUSTER kill" --recover-cmd="$REDIS_CLUSTER start" "$@"
