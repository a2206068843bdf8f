#!/usr/bin/env bash
# describe: SDK offline verify of a mark URL vs raw Bouncy Castle verify, same JMH run (sdk.verify, sdk.verify.sm2)
# Scenario sdk-verify (PERFORMANCE.md target 4: ratio >= 0.8). No services needed.
# Run through the harness, `ops/bench sdk-verify [--quick]`, or directly from the repository root,
# `ops/bench.d/sdk-verify.sh [--quick]`. Ends with:
#   RESULT sdk.verify value=<ops/s> baseline=<ops/s> ratio=<r> unit=ops/s        (Ed25519)
#   RESULT sdk.verify.sm2 value=<ops/s> baseline=<ops/s> ratio=<r> unit=ops/s    (SM2/SM3)
# Works both sourced by ops/bench (BENCH_ROOT, BENCH_QUICK set; its EXIT trap is left alone) and
# executed on its own; everything runs in a subshell so the caller's directory and traps are untouched.

sdk_verify_main() (
  set -euo pipefail
  local root="${BENCH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
  local quick="${BENCH_QUICK:-false}" a
  for a in "$@"; do
    case "$a" in
      --quick) quick=true ;;
      *) echo "sdk-verify: unknown option '$a' (only --quick)" >&2; return 64 ;;
    esac
  done
  cd "$root"
  if [[ -z "${BENCH_ROOT:-}" ]]; then
    echo "BENCH scenario=sdk-verify quick=$quick commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown) cores=$(nproc)"
    echo "BENCH jdk=$(java -version 2>&1 | head -1)"
    echo "BENCH load=$(cut -d' ' -f1-3 /proc/loadavg) (shared machine: compare ratios, not absolute figures)"
  fi

  local mvn=(./mvnw -B -q)
  # Offline when the local repository already holds JMH (the usual case here).
  if [[ -d "${HOME}/.m2/repository/org/openjdk/jmh/jmh-core" ]]; then mvn+=(-o); fi
  "${mvn[@]}" -pl scanner-sdk -am install -DskipTests >&2
  local cp_file
  cp_file="$(mktemp)"
  "${mvn[@]}" -pl scanner-sdk dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
  local cp="scanner-sdk/target/classes:scanner-sdk/target/test-classes:$(cat "$cp_file")"
  rm -f "$cp_file"

  local args=()
  [[ "$quick" == true ]] && args+=(--quick)
  # JMH's progress goes to stderr-worthy noise; keep the summary and RESULT lines on stdout.
  java -cp "$cp" org.markauth.sdk.bench.SdkVerifyBench "${args[@]+"${args[@]}"}" \
    | tee >(grep -vE '^(RESULT|# jdk)' >&2) | grep -E '^(RESULT|# jdk)'
)

sdk_verify_main "$@"
