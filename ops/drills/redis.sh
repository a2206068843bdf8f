#!/usr/bin/env bash
# describe: a private Redis killed (kill -9) under load and restarted empty 20 s later; no scan lost, no 5xx
# The shared Redis (6379) is never touched: the driver starts its own redis-server on a free port.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$DRILLS_ROOT/ops/stack" up --quiet
drill_run redis --seconds=60 --fault-at=15 --recover-at=35 "$@"
