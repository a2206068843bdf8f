#!/usr/bin/env bash
# describe: the fixed headers of every answer, added and encoded: AsciiString constants vs string literals, same JMH run (http.headers)
# Scenario http-headers (issue 16: the services' cost per answer). No services needed.
# Run through the harness, `ops/bench http-headers [--quick]`, or directly from the repository root,
# `ops/bench.d/http-headers.sh [--quick]`. Ends with:
#   RESULT http.headers value=<ns> baseline=<ns> ratio=<baseline / value> unit=ns/answer
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_jmh http-headers service-http org.markauth.http.bench.HeaderBench "$@"
