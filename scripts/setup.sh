#!/usr/bin/env bash
# Installs what framecat and its tests need on a fresh Debian machine:
# Deno (from the npm registry) and the real peers the tests talk to.
# Idempotent: installs only what is missing.
set -euo pipefail

DENO_VERSION=2.9.6
PACKAGES=(socat netcat-openbsd iperf3 sockperf iproute2 iptables python3 openssl curl ca-certificates)

have_deno() { command -v deno >/dev/null && deno --version | grep -q "^deno ${DENO_VERSION} "; }
if ! have_deno; then
  echo "setup: installing deno ${DENO_VERSION} from the npm registry" >&2
  npm install -g --no-fund --no-audit "deno@${DENO_VERSION}" >&2
fi
have_deno || { echo "setup: deno ${DENO_VERSION} is not on PATH after install" >&2; exit 1; }

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
