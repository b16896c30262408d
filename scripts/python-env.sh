#!/usr/bin/env bash
# The Python tools the tests compare xacct with, pinned in requirements-dev.txt, in a virtual environment inside the
# project (.venv, ignored by git): `npm run python:install`. Tests find them at .venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv .venv
  fi
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
