#!/usr/bin/env bash
# describe: issuing N marks end to end (Cassandra + CSV) vs pure signing of N records, and the peak heap for N
# Scenario issue (PERFORMANCE.md target 3; figures in docs/performance-issuer.snippet.md).
# Usage: ops/bench issue [--quick] [--n N] [--xmx 256m]   (also runnable directly: ops/bench.d/issue.sh)
# One JVM, one run: baseline = pure Ed25519 signing of N records on all cores; value = order + serials +
# signatures + every mark persisted in Cassandra + the CSV work order written, timed to ISSUED.
# Prints: RESULT issue.rate value=<marks/s> baseline=<signs/s> ratio=<r> unit=marks/s
#         RESULT issue.heap value=<peak heap after GC (live set) MiB> baseline=<max heap MiB> ratio=<r> unit=MiB
# N is 1,000,000 (--quick: 50,000); the JVM runs with a small heap (default -Xmx256m) to show
# that a 1M batch needs bounded memory.
set -euo pipefail
ROOT="${BENCH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
QUICK="${BENCH_QUICK:-false}"
N=""
XMX=256m
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=true ;;
    --n) N="$2"; shift ;;
    --xmx) XMX="$2"; shift ;;
    *) echo "issue: unknown option $1 (--quick, --n N, --xmx SIZE)" >&2; exit 64 ;;
  esac
  shift
done
[[ -n "$N" ]] || { if [[ "$QUICK" == true ]]; then N=50000; else N=1000000; fi; }

cd "$ROOT"
MVN=(./mvnw -B -q)
if [ -d "${HOME}/.m2/repository/io/vertx/vertx-core" ]; then MVN+=(-o); fi

if declare -F bench_stack_up >/dev/null; then bench_stack_up; else ops/stack up --quiet; fi
"${MVN[@]}" -pl mark-issuer -am install -DskipTests -Dmarkauth.stack.skip=true >&2
KS="bench_issue_$(date +%s)"
# schema changes can time out on a loaded node; the files are idempotent (IF NOT EXISTS), so retry
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if ops/cli migrate --keyspace "$KS" >&2; then break; fi
  [[ $attempt -lt 10 ]] || { echo "issue: could not migrate keyspace $KS" >&2; exit 1; }
  sleep 5
done
# IssueBench lives in the test classes (like verify-api's VerifyBench); it needs only runtime jars
CP="mark-issuer/target/test-classes:mark-issuer/target/classes:$(cat mark-issuer/target/issuer.classpath)"
java -Xmx"$XMX" -XX:+UseParallelGC -Djava.awt.headless=true -cp "$CP" \
  org.markauth.issuer.bench.IssueBench "$N" --cassandra.keyspace="$KS" | grep -E '^(RESULT|#)'
