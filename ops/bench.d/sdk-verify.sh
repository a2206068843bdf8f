#!/usr/bin/env bash
# Scenario sdk-verify: the SDK's offline verification of a scanned mark URL vs raw Bouncy Castle
# verification of the same signature, same JMH run (docs/performance.md, target: ratio >= 0.8).
# Usage (from the repository root): ops/bench.d/sdk-verify.sh [--quick]
# Prints: RESULT sdk.verify value=<ops/s> baseline=<ops/s> ratio=<r> unit=ops/s  (Ed25519)
#         RESULT sdk.verify.sm2 ...                                              (SM2/SM3)
set -euo pipefail
cd "$(dirname "$0")/../.."

QUICK=""
for a in "$@"; do
  case "$a" in
    --quick) QUICK="--quick" ;;
    *) echo "sdk-verify: unknown option $a (only --quick)" >&2; exit 64 ;;
  esac
done

MVN=(./mvnw -B -q)
# Offline when the local repository already has everything (the usual case here).
if [ -d "${HOME}/.m2/repository/org/openjdk/jmh/jmh-core" ]; then MVN+=(-o); fi

echo "# scenario sdk-verify${QUICK:+ (quick)}"
echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo '+dirty')"
echo "# java $(java -version 2>&1 | head -1)"
echo "# cores $(nproc 2>/dev/null || echo '?')"

"${MVN[@]}" -pl scanner-sdk -am install -DskipTests >&2
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
"${MVN[@]}" -pl scanner-sdk dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
CP="scanner-sdk/target/classes:scanner-sdk/target/test-classes:$(cat "$CP_FILE")"

java -cp "$CP" org.markauth.sdk.bench.SdkVerifyBench $QUICK | grep -E '^(RESULT|#)'
