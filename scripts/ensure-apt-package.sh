#!/usr/bin/env bash
# Installs a Debian package for the tests when the program it provides is missing:
#   bash scripts/ensure-apt-package.sh PROGRAM PACKAGE
# (PROGRAM is a name on the PATH or an absolute path). CI starts from a clean machine; this needs
# root or sudo. The browser tests use Debian's chromium, the sweep queue tests its redis-server.
set -euo pipefail

program="$1"
package="$2"
if command -v "$program" >/dev/null 2>&1; then
  echo "ensure: $package is installed ($(command -v "$program"))"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "ensure: $program is missing and installing it needs root (apt-get install -y $package)" >&2
    exit 1
  fi
fi

echo "ensure: installing Debian's $package…"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "$package" >/dev/null
echo "ensure: $package installed ($(command -v "$program"))"
