#!/usr/bin/env bash
# Browser end-to-end test: installs the .vsix into a fresh code-server, opens a temp copy of a fixture app
# in headless chromium (playwright-core) and drives it like a user (test/e2e/scaffold.e2e.ts).
# usage: run-e2e.sh <code-server-package-dir> <extension.vsix>   env: PORT (default 18093), KEEP_STATE=1,
#   E2E_SCRIPT (a file in test/e2e, default scaffold.e2e.ts), E2E_WORKSPACE_TRUST=on (Workspace Trust as users
#   have it: the folder opens with the trust prompt; default off, the folder is trusted)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CS="$(cd "${1:?usage: run-e2e.sh <code-server-package-dir> <extension.vsix>}" && pwd)/out/node/entry.js"
VSIX=$(cd "$(dirname "${2:?vsix}")" && pwd)/$(basename "$2")
PORT=${PORT:-18093}
STATE=$(mktemp -d "${TMPDIR:-/tmp}/nextauth-e2e.XXXXXX")
WS="$STATE/workspace"; mkdir -p "$WS" "$STATE/ud" "$STATE/ext" "$STATE/xdg"
cleanup() { "$ROOT/scripts/stop-server.sh" "$STATE"; [ -n "${KEEP_STATE:-}" ] || rm -rf "$STATE"; }
trap cleanup EXIT
cp -R "$ROOT/test/fixtures/apps/app-router-src/." "$WS/"
# Install the app's dependencies the cheap way (links to this repo's devDependencies), so TypeScript in
# the editor resolves next-auth, next and react as in a real project.
for pkg in next-auth next react react-dom @types/react @types/react-dom @types/node; do
  mkdir -p "$(dirname "$WS/node_modules/$pkg")"; ln -s "$ROOT/node_modules/$pkg" "$WS/node_modules/$pkg"
done
# A clean first start, like a user's second: no welcome page taking focus from the command palette. Hovers open
# below the line, so the session lens above a callback stays in its screenshot.
mkdir -p "$STATE/ud/User"
printf '{\n  "workbench.startupEditor": "none",\n  "workbench.tips.enabled": false,\n  "editor.hover.above": false\n}\n' > "$STATE/ud/User/settings.json"
export XDG_CONFIG_HOME="$STATE/xdg" XDG_DATA_HOME="$STATE/xdg" XDG_CACHE_HOME="$STATE/xdg"
node "$CS" --user-data-dir "$STATE/ud" --extensions-dir "$STATE/ext" --install-extension "$VSIX" > "$STATE/install.log" 2>&1 \
  || { cat "$STATE/install.log"; echo "e2e: 0 passed, 1 failed"; exit 1; }
TRUST_FLAG=--disable-workspace-trust; [ "${E2E_WORKSPACE_TRUST:-off}" = on ] && TRUST_FLAG=
# Own session (setsid): stopping the process group also ends the extension host and file watchers.
setsid node "$CS" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  $TRUST_FLAG --disable-getting-started-override --user-data-dir "$STATE/ud" --extensions-dir "$STATE/ext" \
  > "$STATE/server.log" 2>&1 < /dev/null &
echo $! > "$STATE/server.pgid"
up=
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && { up=1; break; }
  kill -0 "$(cat "$STATE/server.pgid")" 2>/dev/null || break
  sleep 0.2
done
[ -n "$up" ] || { echo "code-server did not start:"; tail -30 "$STATE/server.log"; echo "e2e: 0 passed, 1 failed"; exit 1; }
SERVER_URL="http://127.0.0.1:$PORT" WORKSPACE="$WS" ARTIFACTS="$ROOT/.test-artifacts/e2e" \
  node --import tsx "$ROOT/test/e2e/${E2E_SCRIPT:-scaffold.e2e.ts}" \
  || { status=$?; echo "--- code-server log (tail):"; tail -30 "$STATE/server.log"; exit $status; }
