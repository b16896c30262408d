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
install() {
  local name=$1 req=$2 venv=.venv-peers/$1
  local stamp="$venv/.requirements.sha256" want
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "peers: $name already installed in $venv ($req unchanged)"
    return
  fi
  if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv" 2>/dev/null; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      python3 -m venv "$venv"
    fi
  fi
  local started
  started=$(date +%s)
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
  echo "peers: installed $(grep -v '^#' "$req" | tr '\n' ' ')into $venv in $(( $(date +%s) - started )) s"
}
install localstack requirements-localstack.txt
install moto requirements-moto.txt
