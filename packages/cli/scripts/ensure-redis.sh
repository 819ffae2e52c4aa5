#!/usr/bin/env bash
# Installs Debian's redis-server for the sweep queue tests (test/sweep-queue.test.ts) when it is
# missing; the tests start and stop their own server on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bash scripts/ensure-apt-package.sh redis-cli redis-server
exec bash scripts/ensure-apt-package.sh redis-server redis-server
