#!/usr/bin/env bash
# describe: Redis Sentinel (master, two replicas, three sentinels): the master killed (kill -9) under load on two verify-api instances; a replica promoted, both follow it; no 5xx, no lost scan, old master rejoins as replica
# Opt-in: ./mvnw -B verify -Predis-sentinel runs it, or run this script. The shared Redis (6379) is never
# touched: ops/cluster/redis-sentinel runs its own six processes on loopback (ports in that script).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SENTINEL="$DRILLS_ROOT/ops/cluster/redis-sentinel"
"$DRILLS_ROOT/ops/stack" up --quiet          # Cassandra (the drill's keyspace); its Redis is not used
STARTED=false
# (not `status | grep -q`: under pipefail, grep leaving early fails the pipeline)
if [[ "$("$SENTINEL" status)" == *": down"* ]]; then STARTED=true; fi
sentinel_down() { if [[ "$STARTED" == true && "${DRILL_KEEP_SENTINEL:-false}" != true ]]; then "$SENTINEL" down; fi; }
trap sentinel_down EXIT
"$SENTINEL" up
# the services' redis.* settings (TestStack.redisSettings reads them; the child services get them in their config file)
export MARKAUTH_REDIS_MODE=sentinel
export MARKAUTH_REDIS_URLS; MARKAUTH_REDIS_URLS="$("$SENTINEL" sentinels)"
export MARKAUTH_REDIS_MASTER_NAME="${MARKAUTH_SENTINEL_MASTER_NAME:-markauth}"
drill_run redis-sentinel --instances=2 --marks=500 --seconds="${DRILL_SECONDS:-60}" --fault-at=15 --recover-at=35 \
  --fault-cmd="$SENTINEL kill-master" --recover-cmd="$SENTINEL start" "$@"
