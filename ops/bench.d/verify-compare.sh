#!/usr/bin/env bash
# describe: this build's warm verification vs another build's (default: HEAD), one run, windows interleaved: service and machine CPU µs per verification (verify.compare.service, verify.compare.cpu)
# Run: ops/bench verify-compare [--quick]. Issued set 100k marks; 4 windows of each build, 20 s (8 s with --quick).
# The baseline build: BENCH_BASELINE_JAR=<verify-api-*-app.jar of another build>, or else BENCH_BASELINE_REV=<git revision>
# (default HEAD, so a working tree's change is compared with its last commit), built here in a temporary
# worktree (`-pl verify-api -am package`, a few minutes). RESULT ratio = baseline µs / this build's µs:
# above 1, this build is cheaper. Two runs of verify-warm on a shared machine cannot show a cut of a few
# per cent; one run of this shows 10% (its sums spread by about ±5%): for less, run it again with the places
# swapped, BENCH_SERVICE_JAR=<baseline's jar> BENCH_BASELINE_JAR=<this build's jar> (docs/performance.md,
# "Comparing two builds").
if [[ -z "${BENCH_ROOT:-}" ]]; then BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; fi
source "$BENCH_ROOT/ops/bench.d/verify.lib"
if [[ -z "${BENCH_BASELINE_JAR:-}" ]]; then
  rev="${BENCH_BASELINE_REV:-HEAD}"
  if ! git -C "$BENCH_ROOT" rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
    echo "verify-compare: '$rev' is not a commit of this checkout; set BENCH_BASELINE_REV to one, or BENCH_BASELINE_JAR to another build's verify-api-*-app.jar" >&2
    exit 64
  fi
  tree="$(mktemp -d "${TMPDIR:-/tmp}/verify-compare-baseline.XXXXXX")"
  trap 'git -C "$BENCH_ROOT" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
  git -C "$BENCH_ROOT" worktree add --detach "$tree" "$rev" >&2 \
    || { echo "verify-compare: could not check out $rev into $tree (git's message above)" >&2; exit 1; }
  echo "BENCH baseline build: $(git -C "$tree" rev-parse --short HEAD) ($rev), built in a temporary worktree"
  (cd "$tree" && ./mvnw -B -q -pl verify-api -am package -DskipTests -Dmarkauth.stack.skip=true >&2) \
    || { echo "verify-compare: the baseline $rev did not build (Maven's output above)" >&2; exit 1; }
  BENCH_BASELINE_JAR="$(ls "$tree"/verify-api/target/verify-api-*-app.jar 2>/dev/null | head -1)"
  [[ -n "$BENCH_BASELINE_JAR" ]] || { echo "verify-compare: the baseline $rev built no verify-api-*-app.jar" >&2; exit 1; }
  export BENCH_BASELINE_JAR
else
  [[ -f "$BENCH_BASELINE_JAR" ]] || { echo "verify-compare: BENCH_BASELINE_JAR=$BENCH_BASELINE_JAR is not a file; name another build's verify-api-*-app.jar" >&2; exit 64; }
  echo "BENCH baseline build: $BENCH_BASELINE_JAR (BENCH_BASELINE_JAR)"
fi
bench_stack_up
verify_bench_main compare "$@"
