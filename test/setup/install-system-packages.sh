#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the test suite drives, when they are missing: Chromium (browser
# tests, through playwright-core; never a downloaded browser), PostgreSQL (the server-class store) and nginx
# (several instances behind a load balancer). Needs root or sudo; does nothing when all three are present.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "Install these packages as root first: apt-get install -y ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi

echo "Installing from the distribution: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
