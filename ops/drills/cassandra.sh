#!/usr/bin/env bash
# describe: Cassandra unavailable for minutes under load (2 of 3 nodes killed: no LOCAL_QUORUM), then back; no acknowledged scan lost
# Uses the private three-node loopback cluster, never the shared node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$DRILLS_DIR/cluster.lib"
cluster_up
drill_run cassandra --rf=3 --consistency=local_quorum --seconds=${DRILL_SECONDS:-140} --fault-at=10 --recover-at=130 \
  --fault-cmd="$CLUSTER kill 2; $CLUSTER kill 3" --recover-cmd="$CLUSTER start 2 & $CLUSTER start 3; wait" --settle=300 "$@"
