#!/usr/bin/env bash
# describe: hostile input: >= 10,000 malformed, oversized, forged and injection-style requests; zero 5xx, no crash
# Uses the shared local stack (nothing is killed). Options go to the driver, e.g. --requests=20000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$DRILLS_ROOT/ops/stack" up --quiet
drill_run hostile --marks=100 --concurrency=16 --requests=10500 "$@"
