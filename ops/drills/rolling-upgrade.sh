#!/usr/bin/env bash
# describe: two verify-api and two mark-issuer instances of the previous release replaced one at a time by this build under load, behind a readiness-probing round robin with the manifests' probe/preStop/grace settings, an additive schema migration applied mid-roll; 0 failed requests, 0 scans lost
# Opt-in (four service JVMs): ./mvnw -B verify -pl ops/drills -am -Prolling-upgrade runs it, or run this script.
# The previous release is the commit before the newest change to the services' sources (ROLLING_FROM=<rev>
# picks another); its production jars are built once and kept under .local/releases/<commit>/.
# The load runs until 5 s after the last swap (--seconds is only its upper bound: how long the JVMs
# take to start decides the roll's length).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$DRILLS_DIR/releases.lib"
"$DRILLS_ROOT/ops/stack" up --quiet
from="${ROLLING_FROM:-$(release_previous)}"
jars="$(release_jars "$from")"
drill_run rolling-upgrade --previous="$jars" --seconds=${DRILL_SECONDS:-900} --fault-at=10 --marks=1000 "$@"
