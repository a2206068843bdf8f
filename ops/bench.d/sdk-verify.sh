#!/usr/bin/env bash
# describe: SDK offline verify of a mark URL vs raw Bouncy Castle verify, same JMH run (sdk.verify, sdk.verify.sm2)
# Scenario sdk-verify (PERFORMANCE.md target 4: ratio >= 0.8). No services needed.
# Run through the harness, `ops/bench sdk-verify [--quick]`, or directly from the repository root,
# `ops/bench.d/sdk-verify.sh [--quick]`. Ends with:
#   RESULT sdk.verify value=<ops/s> baseline=<ops/s> ratio=<r> unit=ops/s        (Ed25519)
#   RESULT sdk.verify.sm2 value=<ops/s> baseline=<ops/s> ratio=<r> unit=ops/s    (SM2/SM3)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_jmh sdk-verify scanner-sdk org.markauth.sdk.bench.SdkVerifyBench "$@"
