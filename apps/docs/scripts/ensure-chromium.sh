#!/usr/bin/env bash
# Installs Debian's Chromium for the docs' browser test (apps/docs/test/browser.test.ts) when it
# is missing. CI starts from a clean machine; run this before the tests (it needs root or sudo).
# playwright-core drives this Chromium; `npx playwright install` cannot download browsers here.
set -euo pipefail

chromium="${NTM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  echo "ensure-chromium: $("$chromium" --version 2>/dev/null || echo "$chromium") is installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "ensure-chromium: $chromium is missing and installing it needs root (apt-get install -y chromium)" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing Debian's chromium (a minute or two)…"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium >/dev/null
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium') installed"
