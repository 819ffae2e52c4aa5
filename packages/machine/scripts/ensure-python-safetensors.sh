#!/usr/bin/env bash
# Makes the Python environment of the safetensors interop test (src/safetensors-interop.test.ts):
# a virtual environment at packages/machine/.python with the reference implementation,
# Python's `safetensors` package, and numpy. Python 3 with its venv module comes from Debian
# (python3-venv) when missing; the packages from PyPI. Skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(cd ../.. && pwd)"
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  bash "$root/scripts/ensure-apt-package.sh" python3 python3
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || {
    version="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    bash "$root/scripts/ensure-apt-package.sh" "/usr/lib/python$version/ensurepip/__init__.py" "python$version-venv"
  }
fi
if .python/bin/python -c 'import safetensors, numpy' >/dev/null 2>&1; then
  echo "ensure: safetensors is installed ($(.python/bin/python -c 'import safetensors; print(safetensors.__version__)'))"
  exit 0
fi
echo "ensure: installing Python's safetensors and numpy into packages/machine/.python…"
python3 -m venv .python
.python/bin/pip install --quiet --disable-pip-version-check 'safetensors>=0.4,<1' 'numpy>=1.24,<3'
echo "ensure: safetensors installed ($(.python/bin/python -c 'import safetensors; print(safetensors.__version__)'))"
