#!/usr/bin/env bash
# Installs Debian's Chromium for the docs' browser test (apps/docs/test/browser.test.ts) when it
# is missing. playwright-core drives this Chromium; `npx playwright install` cannot download
# browsers on the project's machines. NTM_CHROMIUM names another one.
set -euo pipefail
cd "$(dirname "$0")/../../.."
exec bash scripts/ensure-apt-package.sh "${NTM_CHROMIUM:-/usr/bin/chromium}" chromium
