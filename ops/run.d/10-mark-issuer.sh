#!/usr/bin/env bash
# mark-issuer (HTTP API, default port 8081: MARKAUTH_ISSUER_PORT; GET /metrics on loopback port
# MARKAUTH_ISSUER_METRICS_PORT, default 9081), with the demo's key-encryption key and, when the seed
# held the offline-root ceremony, the pinned root and programme ($DEMO_DIR/issuer-flags). Webhooks to
# loopback addresses are allowed: the demo runs on one machine and a user's test receiver is local.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
[[ -f "$DEMO_DIR/kek" ]] || run_die "mark-issuer: no key-encryption key at $DEMO_DIR/kek (ops/run's seed step creates it)"
trust=()
if [[ -s "$DEMO_DIR/issuer-flags" ]]; then
  mapfile -t trust < "$DEMO_DIR/issuer-flags"
fi
start_service mark-issuer org.markauth.issuer.cli.IssuerCli "${MARKAUTH_ISSUER_PORT:-8081}" /health MARKAUTH_ISSUER_PORT \
  serve --http.host=127.0.0.1 --http.port="${MARKAUTH_ISSUER_PORT:-8081}" --issuer.kek="file:$DEMO_DIR/kek" \
  --issuer.webhooks.allow-private=true \
  --issuer.metrics.host=127.0.0.1 --issuer.metrics.port="${MARKAUTH_ISSUER_METRICS_PORT:-9081}" ${trust[@]+"${trust[@]}"}
