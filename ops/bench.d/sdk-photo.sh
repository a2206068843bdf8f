#!/usr/bin/env bash
# sdk-photo: decode+verify of a 1280x960 phone photo vs ZXing's bare decode of the same photo (JMH),
# and the read rate of the degraded-photo corpus. Prints the RESULT lines of PERFORMANCE.md.
# Usage (from anywhere): ops/bench.d/sdk-photo.sh [--quick]     (or through ops/bench sdk-photo)
# Needs nothing running: it is a pure JVM benchmark. MVN_OFFLINE=0 lets Maven download.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

quick=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "sdk-photo: unknown option '$arg' (known: --quick)" >&2; exit 64 ;;
  esac
done

offline=()
[[ "${MVN_OFFLINE:-0}" == 1 ]] && offline=(-o)
cp_file="scanner-sdk-image/target/bench-classpath.txt"
echo "# building scanner-sdk-image test classes (JMH benchmarks are annotation-processed there)" >&2
# -am builds the SDK core too; the core resolves from its target/ directories (nothing is installed),
# and scanner-sdk-image, built last, writes the class path file last.
./mvnw -B -q "${offline[@]}" -pl scanner-sdk-image -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/$cp_file" -Dmdep.includeScope=test >&2

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
exec java -Xmx1g -Dmarkauth.commit="$commit" \
  -cp "scanner-sdk-image/target/test-classes:scanner-sdk-image/target/classes:$(cat "$cp_file")" \
  org.markauth.sdk.image.bench.PhotoBenchRunner "${quick[@]}"
