#!/usr/bin/env bash
# `npm run peers:install`: the AWS emulators xacct is measured against (issue 22), pinned in
# requirements-localstack.txt and requirements-moto.txt, each in its own virtual environment inside the project under
# .venv-peers/ (ignored by git). Tests and `npm run bench -- peers` find them there (test/peers/peer-process.ts):
# LocalStack as `.venv-peers/localstack/bin/python -m localstack.runtime.main`, moto as
# `.venv-peers/moto/bin/moto_server`.
# Why not .venv (scripts/python-env.sh, run by `npm test` as pretest): LocalStack brings a few hundred packages with
# their own pins (awscli, boto3, aws-sam-translator ...); kept apart, the small pretest venv stays fast and its pins
# undisturbed. Why two venvs: LocalStack's runtime depends on moto-ext, its fork of moto, which installs the same
# `moto` module as moto itself, so the two cannot share one.
# Cached: a venv whose stamp matches its requirements file is not touched (pip is not even started), so CI's
# second suite and local reruns cost nothing; a changed pin reinstalls that venv only.
set -euo pipefail
cd "$(dirname "$0")/.."
# LocalStack 4.14 is written for Python >= 3.12 (localstack/services/stores.py uses PEP 695 generics, a syntax error
# on 3.11, although its metadata says >= 3.10): the first Python 3.12+ found on PATH or under pyenv.
python312() {
  local p
  for p in python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$p"
      return
    fi
  done
  echo "peers: LocalStack 4.14 needs Python 3.12 or later, and none was found (python3.12/python3.13 on PATH or under ~/.pyenv)" >&2
  return 1
}
install() {
  local name=$1 req=$2 python=$3 venv=.venv-peers/$1
  local stamp="$venv/.requirements.sha256" want
  # The stamp names the requirements and the Python the venv was made with: a change to either reinstalls.
  want="$(sha256sum "$req" | cut -d' ' -f1) $("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "peers: $name already installed in $venv ($req unchanged)"
    return
  fi
  if [ ! -x "$venv/bin/python" ] || [ "$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "${want#* }" ]; then
    rm -rf "$venv"
    if ! "$python" -m venv "$venv" 2>/dev/null; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      "$python" -m venv "$venv"
    fi
  fi
  local started
  started=$(date +%s)
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
  echo "peers: installed $(grep -v '^#' "$req" | tr '\n' ' ')into $venv in $(( $(date +%s) - started )) s"
}
install localstack requirements-localstack.txt "$(python312)"
install moto requirements-moto.txt python3
