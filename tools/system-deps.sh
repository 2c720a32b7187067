#!/usr/bin/env bash
# The system packages the tests need on a Debian machine of this kind, for `.ci/run` and `npm test` alike.
# Installs the missing ones with apt-get when it can (root, apt-get on PATH); otherwise prints one line per
# missing tool with the command that installs it and exits 1. Does nothing when everything is there.
set -euo pipefail
shopt -s nocasematch

packages=()
reasons=()
need() {
  packages+=("$1")
  reasons+=("$2")
}

command -v java >/dev/null 2>&1 || need openjdk-17-jdk-headless 'java (Neo4j for the tests and npm start)'
command -v mvn >/dev/null 2>&1 || need maven 'mvn (fetches Neo4j)'
command -v shellcheck >/dev/null 2>&1 || need shellcheck 'shellcheck (the Neo4j user-data test)'
[ -x /usr/bin/chromium ] || need chromium '/usr/bin/chromium (the web client browser tests)'
# Without a colour emoji font the browser tests' screenshots show reactions as empty boxes.
[[ "$(fc-list 2>/dev/null || true)" == *emoji* ]] || need fonts-noto-color-emoji 'an emoji font (the browser tests screenshots)'
command -v python3 >/dev/null 2>&1 || need python3 'python3 (moto server, the tests SNS endpoint)'
python3 -c 'import ensurepip' >/dev/null 2>&1 || need python3-venv 'python3 venv (installs moto server into .venv)'

[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
  exit 0
fi

sudo=$([ "$(id -u)" = 0 ] || echo 'sudo ')
for i in "${!packages[@]}"; do
  if command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: missing ${reasons[$i]}: install it with \`${sudo}apt-get install -y ${packages[$i]}\`" >&2
  else
    echo "system-deps: missing ${reasons[$i]}: install Debian's ${packages[$i]} package or your system's equivalent" >&2
  fi
done
exit 1
