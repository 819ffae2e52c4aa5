#!/usr/bin/env bash
# Installs Debian's redis-server for the sweep queue tests (test/sweep-queue.test.ts) when it is
# missing; the tests start and stop their own server on a free loopback port. CI starts from a
# clean machine; run this before the tests (it needs root or sudo).
set -euo pipefail

if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
  echo "ensure-redis: $(redis-server --version | cut -d' ' -f1-3) is installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "ensure-redis: redis-server is missing and installing it needs root (apt-get install -y redis-server)" >&2
    exit 1
  fi
fi

echo "ensure-redis: installing Debian's redis-server…"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
# Only the programs are needed: the tests start their own server, whatever the package's service does.
"${as_root[@]}" apt-get install -y -qq redis-server >/dev/null
echo "ensure-redis: $(redis-server --version | cut -d' ' -f1-3) installed"
