#!/usr/bin/env bash
# The Python tools the tests compare xacct with, pinned in requirements-dev.txt, in a virtual environment inside the
# project (.venv, ignored by git): `npm run python:install`. Tests find them at .venv/bin/python.
# The AWS SAM CLI (requirements-sam.txt) gets its own .venv-sam: aws-sam-cli pins an aws-sam-translator other than the
# one the SAM oracle test pins in requirements-dev.txt. It is installed once (about 3 minutes) and skipped while
# .venv-sam/requirements.sha256 matches requirements-sam.txt. Tests find it at .venv-sam/bin/sam.
set -euo pipefail
cd "$(dirname "$0")/.."
venv() {
  if [ ! -x "$1/bin/python" ]; then
    if ! python3 -m venv "$1" 2>/dev/null; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      python3 -m venv "$1"
    fi
  fi
}
venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
venv .venv-sam
stamp=$(sha256sum requirements-sam.txt | cut -d' ' -f1)
if [ "$(cat .venv-sam/requirements.sha256 2>/dev/null)" != "$stamp" ] || [ ! -x .venv-sam/bin/sam ]; then
  .venv-sam/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-sam.txt
  echo "$stamp" > .venv-sam/requirements.sha256
fi
