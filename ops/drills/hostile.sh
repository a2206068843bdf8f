#!/usr/bin/env bash
# describe: hostile input over every route of both services (verify-api and mark-issuer, from their OpenAPI documents and the unlisted ones): >= 10,000 requests; 0 answers >= 500, 0 ERROR log lines, no leaked internals
# Uses the shared local stack (nothing of it is killed): the drill starts its own verify-api and mark-issuer
# child processes, each over a fresh keyspace, logging to its work folder (kept on FAIL). Options go to the
# driver, e.g. --requests=20000 (the repetitions of each (route, case) group follow) or --concurrency=8.
# On FAIL it lists the failing (route, case) groups, worst first ("FAILGROUP ..."). docs/reliability.md
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$DRILLS_ROOT/ops/stack" up --quiet
drill_run hostile --marks=100 --concurrency=24 --requests=10500 "$@"
