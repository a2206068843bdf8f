#!/usr/bin/env bash
# describe: two datacenters x two nodes (NetworkTopologyStrategy dc1=2,dc2=2), a verify-api per datacenter at LOCAL_QUORUM under load; dc2 stopped whole and returned, repaired; no scan lost; a recall in dc1 reaches dc2 within seconds
# Heavy (four Cassandra JVMs): opt-in. ./mvnw -B verify -pl ops/drills -am -Ptwo-dc runs it, or run this script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$DRILLS_ROOT/ops/cluster/two-dc.env"
source "$DRILLS_DIR/cluster.lib"
cluster_up dc1
drill_run two-dc --replication=NetworkTopologyStrategy:dc1=2,dc2=2 --consistency=local_quorum \
  --dc=dc1="$("$CLUSTER" contact-points dc1)" --dc=dc2="$("$CLUSTER" contact-points dc2)" \
  --marks=${DRILL_MARKS:-1000} --seconds=${DRILL_SECONDS:-120} --fault-at=25 --recover-at=55 \
  --fault-cmd="$CLUSTER stop-dc dc2" --recover-cmd="$CLUSTER start-dc dc2" \
  --repair-cmd="$CLUSTER nodetool 3 repair -full" "$@"
