#!/usr/bin/env bash
# Debian's Chromium for the web UI's browser tests and bench (test/web, bench/web.ts):
# playwright-core drives /usr/bin/chromium headless, so no browser is downloaded at test time.
# Idempotent: installs only when the binary is missing.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null; then
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi
echo "provision: chromium ready ($(command -v chromium))"
