#!/usr/bin/env bash
# Installs what framecat and its tests need on a fresh Debian machine:
# Deno (from the npm registry), the real peers the tests talk to, and the
# `framecat` command itself on the PATH (a `deno install` of main.ts), so it
# runs from any folder with relative paths the user's own.
# Idempotent: installs only what is missing, and reinstalls framecat (-f).
#
# DENO_INSTALL_ROOT: where deno installs commands (default ~/.deno; they go in its bin/).
# FRAMECAT_LINK_DIR: where the link goes when that bin/ is not on the PATH (default /usr/local/bin).
# Uninstall: deno uninstall -g framecat; rm -f /usr/local/bin/framecat
set -euo pipefail

DENO_VERSION=2.9.6
# chromium and a CJK font: the web page's browser tests (and its Chinese screenshot);
# tmux: the interactive prompt's tests on a real terminal.
PACKAGES=(socat netcat-openbsd iperf3 sockperf iproute2 iptables python3 openssl curl ca-certificates tmux chromium fonts-noto-cjk)
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

have_deno() { command -v deno >/dev/null && deno --version | grep -q "^deno ${DENO_VERSION} "; }
if ! have_deno; then
  echo "setup: installing deno ${DENO_VERSION} from the npm registry" >&2
  npm install -g --no-fund --no-audit "deno@${DENO_VERSION}" >&2
fi
have_deno || { echo "setup: deno ${DENO_VERSION} is not on PATH after install" >&2; exit 1; }

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The same permissions and config as `deno task start`: the repository's deno.json
# (its npm imports, unstable net, and its permission set), whatever folder framecat is
# run from. `deno install -g` drops `-P` from the command it writes, so the set is
# spelled out as the flags it stands for, read from deno.json (written once, there), with
# the start task's V8 flags (a young generation of 4 MiB: see README, Performance).
mapfile -t PERMISSIONS < <(deno run --quiet --no-config --allow-read="$REPO/deno.json" \
  "$REPO/scripts/permission_flags.ts")
[ ${#PERMISSIONS[@]} -gt 0 ] || { echo "setup: no permissions read from deno.json" >&2; exit 1; }
deno install -g -f -q -n framecat --config "$REPO/deno.json" "${PERMISSIONS[@]}" "$REPO/main.ts" >&2
BIN_DIR="${DENO_INSTALL_ROOT:-$HOME/.deno}/bin"
installed="$(command -v framecat || true)"
if [ "$installed" != "$BIN_DIR/framecat" ]; then
  # deno's bin folder is not (first) on the PATH: a link where the PATH already looks.
  LINK_DIR="${FRAMECAT_LINK_DIR:-/usr/local/bin}"
  $SUDO mkdir -p "$LINK_DIR"
  $SUDO ln -sf "$BIN_DIR/framecat" "$LINK_DIR/framecat"
  echo "setup: linked $LINK_DIR/framecat to $BIN_DIR/framecat" >&2
fi
echo "setup: framecat $(framecat --version) is $(command -v framecat)" >&2
