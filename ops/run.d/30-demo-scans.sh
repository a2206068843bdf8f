#!/usr/bin/env bash
# Not a service: today's demo scans, sent for real to the verify-api 20-verify-api.sh started (the
# consumer's shared location in each of Foshan's districts; docs/targets.md, "The demo"). Once per
# demo: the demo state marks them sent, so a second ops/run sends none; a failed run resumes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
"$JAVA" -Dlogback.configurationFile=demo-logback.xml -cp "$(run_classpath)" org.markauth.demo.DemoScans \
  --out="$DEMO_DIR" --verify-base="http://127.0.0.1:${MARKAUTH_VERIFY_PORT:-8080}" \
  || run_die "demo scans: sending today's scans to verify-api failed (above); ops/run again resumes where it stopped"
