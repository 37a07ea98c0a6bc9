#!/usr/bin/env bash
# Makes the notebooks' Python environment, target/notebooks-venv, from notebooks/requirements.txt
# (PyPI), or leaves it as it is when it was made from the same requirements. `cargo test` uses it
# and installs nothing itself; .ci/run calls this script before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/notebooks-venv
if [ -x "$venv/bin/python" ] && cmp -s notebooks/requirements.txt "$venv/requirements.txt"; then
  echo "notebooks: $venv is up to date"
  exit 0
fi
python3 -m venv --clear "$venv"
"$venv/bin/python" -m pip install -q -r notebooks/requirements.txt
cp notebooks/requirements.txt "$venv/requirements.txt"
echo "notebooks: $venv made from notebooks/requirements.txt"
