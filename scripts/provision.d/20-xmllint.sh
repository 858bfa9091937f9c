#!/usr/bin/env bash
# xmllint (Debian libxml2-utils): the IATI import validates every file against the
# official 2.03 XSD before recording anything, and the IATI tests check every export
# with it. Idempotent: installs only when the command is missing.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v xmllint >/dev/null; then
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null
fi
echo "provision: xmllint ready ($(command -v xmllint))"
