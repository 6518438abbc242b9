#!/usr/bin/env bash
# Installs code-server (a full VS Code server + web client) from the npm registry into <dir>, with no other
# network access: its @vscode/ripgrep postinstall would download rg from GitHub, so its download cache is
# seeded with Debian's rg first. Needs the Debian packages scripts/ensure-system-packages.sh installs (build
# deps, ripgrep). Everything it writes stays in <dir>: code-server's config file and logs too.
# usage: install-code-server.sh <dir> [version]   (default 4.100.3 = VS Code 1.100.3, runs on Node 20)
set -euo pipefail
DIR=${1:?usage: install-code-server.sh <dir> [version]}; VER=${2:-4.100.3}
command -v rg >/dev/null || { echo "install-code-server: ripgrep (rg) is required: run scripts/ensure-system-packages.sh (npm test does)" >&2; exit 1; }
RGTMP=$(mktemp -d); trap 'rm -rf "$RGTMP"' EXIT
mkdir -p "$RGTMP/src"; cp "$(command -v rg)" "$RGTMP/src/rg"; tar czf "$RGTMP/rg.tgz" -C "$RGTMP/src" rg
# @vscode/ripgrep looks for $TMPDIR/vscode-ripgrep-cache-<its version>/ripgrep-<tag>-<target>.tar.gz; cover the versions
# and tags code-server 4.9x-4.10x pull in.
for pv in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14 1.16.0 1.17.0 1.17.1; do
  mkdir -p "$RGTMP/vscode-ripgrep-cache-$pv"
  for n in 4 5 6 7 8 9 10 11 12 13 14 15 16; do cp "$RGTMP/rg.tgz" "$RGTMP/vscode-ripgrep-cache-$pv/ripgrep-v13.0.0-$n-x86_64-unknown-linux-musl.tar.gz"; done
  for t in v14.1.1 v14.1.1-1 v14.1.1-2 v15.0.0 v15.0.0-1 v15.1.0; do cp "$RGTMP/rg.tgz" "$RGTMP/vscode-ripgrep-cache-$pv/ripgrep-$t-x86_64-unknown-linux-musl.tar.gz"; done
done
# node-gyp would download Node's headers from nodejs.org (unreachable where only the npm registry is): use the
# ones the Node installation ships (nodesource's package and the official tarballs have include/node).
NODE_PREFIX=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node_version.h" ]; then export npm_config_nodedir=$NODE_PREFIX; fi
mkdir -p "$DIR"; cd "$DIR"; [ -f package.json ] || npm init -y >/dev/null
# As root, code-server's postinstall needs unsafe_perm; node-pty's install runs `npx node-gyp` (needs yes=true).
if ! TMPDIR="$RGTMP" npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --foreground-scripts "code-server@$VER" > install.log 2>&1; then
  tail -50 install.log >&2; exit 1
fi
# code-server writes a default config.yaml into ~/.config and logs into ~/.local/share on any start, even for
# --version: point both into <dir>. (The test scripts start it with XDG_* inside their own state folders.)
XDG_CONFIG_HOME="$DIR/.xdg/config" XDG_DATA_HOME="$DIR/.xdg/data" \
  "$DIR/node_modules/.bin/code-server" --config "$DIR/config.yaml" --version
