#!/usr/bin/env bash
# describe: service CPU per verification with the write-ahead journal vs the parent commit's verify-api (A/B, same run)
# Usage: ops/drills/journal-cost.sh --base-classes=<parent build>/verify-api/target/classes --seconds=20 [--rounds=3] [--concurrency=32]
# Build the parent first, e.g. git worktree add --detach ../base HEAD~N && (cd ../base && ./mvnw -B -q -pl verify-api -am compile).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$DRILLS_ROOT/ops/stack" up --quiet
drill_run journal-cost "$@"
