#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the consumer-page browser test, if missing.
# Needs root (or passwordless sudo) and the Debian package registry; exits non-zero otherwise,
# and the test then skips with this script's message.
set -euo pipefail
if command -v chromedriver >/dev/null && command -v chromium >/dev/null; then exit 0; fi
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-chromium: not root and no passwordless sudo; install 'chromium chromium-driver' from Debian" >&2; exit 3
  fi
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >&2 \
  || { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >&2; }
command -v chromedriver >/dev/null
