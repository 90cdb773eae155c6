#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, if missing: the two client generations
# (Debian's boto3 1.26 + awscli 2.9 under /usr/bin; pip's boto3 is used too when present), pytest, jq,
# and PostgreSQL for the scale-out backend run.
set -euo pipefail
packages=(python3-boto3 awscli python3-pytest python3-pytest-xdist jq postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing test dependencies: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
