#!/usr/bin/env bash
# describe: verify-api killed with kill -9 mid-load and restarted; 0 acknowledged scans lost (write-ahead journal replayed)
# Uses the shared local stack (only the drill's own verify-api process is killed; its spill dir is the drill's).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$DRILLS_ROOT/ops/stack" up --quiet
drill_run kill-verify --seconds=40 --fault-at=20 "$@"
