#!/usr/bin/env bash
# describe: three-node cluster, RF 3, verify-api at LOCAL_QUORUM under load; node 3 killed (kill -9) and restarted; no acknowledged scan or mark write lost
# Heavy (three Cassandra JVMs): opt-in. ./mvnw -B verify -Pmulti-node runs it, or run this script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$DRILLS_DIR/cluster.lib"
cluster_up
drill_run multi-node --rf=3 --consistency=local_quorum --seconds=${DRILL_SECONDS:-100} --fault-at=20 --recover-at=50 \
  --fault-cmd="$CLUSTER kill 3" --recover-cmd="$CLUSTER start 3" "$@"
