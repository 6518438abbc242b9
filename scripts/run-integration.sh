#!/usr/bin/env bash
# Runs test/integration (compiled to out/test/integration) inside the real extension host of the VS Code
# server shipped in the code-server npm package, on a fresh temp copy of every fixture app.
# usage: run-integration.sh <code-server-package-dir>     env: PORT (default 18091), KEEP_STATE=1 keeps the temp dirs
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VS=$(cd "${1:?usage: run-integration.sh <code-server-package-dir>}/lib/vscode" && pwd)
PORT=${PORT:-18091}
STATE=$(mktemp -d "${TMPDIR:-/tmp}/nextauth-integration.XXXXXX")
WS="$STATE/workspace"; mkdir -p "$WS" "$STATE/sd" "$STATE/ud" "$STATE/ext" "$STATE/xdg"
cleanup() { "$ROOT/scripts/stop-server.sh" "$STATE"; [ -n "${KEEP_STATE:-}" ] || rm -rf "$STATE"; }
trap cleanup EXIT
cp -R "$ROOT/test/fixtures/apps/." "$WS/"
# VS Code for the Web auto-saves after a delay by default; desktop does not. The suite checks what is left
# unsaved, so it runs with the desktop default.
mkdir -p "$WS/.vscode"; printf '{\n  "files.autoSave": "off"\n}\n' > "$WS/.vscode/settings.json"
# The server in its own session (setsid) so stopping its process group also ends the extension host and watchers.
XDG_CACHE_HOME="$STATE/xdg" XDG_CONFIG_HOME="$STATE/xdg" XDG_DATA_HOME="$STATE/xdg" \
  NEXTAUTH_SUITE=${NEXTAUTH_SUITE:-trusted} NEXTAUTH_GREP=${NEXTAUTH_GREP:-} setsid node "$VS/out/server-main.js" --host 127.0.0.1 --port "$PORT" --without-connection-token \
  --accept-server-license-terms --enable-smoke-test-driver --telemetry-level off ${SERVER_ARGS:-} \
  --server-data-dir "$STATE/sd" --user-data-dir "$STATE/ud" --extensions-dir "$STATE/ext" \
  > "$STATE/server.log" 2>&1 < /dev/null &
echo $! > "$STATE/server.pgid"
up=
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && { up=1; break; }
  kill -0 "$(cat "$STATE/server.pgid")" 2>/dev/null || break
  sleep 0.2
done
[ -n "$up" ] || { echo "VS Code server did not start:"; tail -30 "$STATE/server.log"; echo "integration: 0 passed, 1 failed"; exit 1; }
SERVER_URL="http://127.0.0.1:$PORT" WORKSPACE="$WS" EXTENSION_PATH="$ROOT" TESTS_PATH="$ROOT/out/test/integration/index" \
  ARTIFACTS="$ROOT/.test-artifacts" node "$ROOT/scripts/drivers/extension-host.mjs" \
  || { status=$?; echo "--- server log (tail):"; tail -30 "$STATE/server.log"; exit $status; }
