#!/usr/bin/env bash
# Fails when an install's output says a package does not support this Node (EBADENGINE) or that
# npm skipped a package's install script nobody reviewed (allowScripts in package.json).
# Usage: npm ci --no-audit --no-fund 2>&1 | tee install.log; bash scripts/check-engines.sh install.log
set -euo pipefail
log="${1:?usage: check-engines.sh <output of npm ci>}"
status=0
if grep -q 'EBADENGINE' "$log"; then
  echo "check-engines: packages that do not support Node $(node --version) (package.json engines.node):" >&2
  grep -A3 "EBADENGINE Unsupported engine" "$log" | grep -E "package:|node:" >&2 || true
  status=1
fi
if grep -q 'not yet covered by allowScripts' "$log"; then
  echo "check-engines: install scripts nobody reviewed: approve or deny them in package.json allowScripts" >&2
  echo "(npm install-scripts approve|deny <pkg>), so installs stay unattended and say so:" >&2
  grep -E 'npm warn install-scripts +[^ ]+@' "$log" >&2 || true
  status=1
fi
[ "$status" -eq 0 ] && echo "check-engines: every package supports Node $(node --version); no unreviewed install scripts"
exit "$status"
