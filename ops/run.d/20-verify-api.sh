#!/usr/bin/env bash
# verify-api (consumer pages, JSON verify, officer API; default port 8080: MARKAUTH_VERIFY_PORT),
# pinned to the programme root key the seed step wrote.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
[[ -f "$DEMO_DIR/trust-roots" ]] || run_die "verify-api: no pinned root key at $DEMO_DIR/trust-roots (ops/run's seed step writes it)"
port="${MARKAUTH_VERIFY_PORT:-8080}"
# signed receipts on request (?receipt=true) when the seed step wrote a receipt key
receipt=()
[[ -f "$DEMO_DIR/receipt-key" ]] && receipt=(--verify.receipt.key="file:$DEMO_DIR/receipt-key")
start_service verify-api org.markauth.verify.app.VerifyMain "$port" /health/ready MARKAUTH_VERIFY_PORT \
  --http.host=127.0.0.1 --http.port="$port" --http.public-base-url="http://127.0.0.1:$port" \
  --verify.trust.roots="$(cat "$DEMO_DIR/trust-roots")" --verify.scan.spill-dir="$STACK_DIR/verify-api/spill" ${receipt[@]+"${receipt[@]}"}
