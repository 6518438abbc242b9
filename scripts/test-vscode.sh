#!/usr/bin/env bash
# `npm run test:vscode`: the extension inside a real VS Code. Makes sure the Debian packages are there
# (scripts/ensure-system-packages.sh), installs code-server (pinned) into a cache folder when missing, builds,
# then runs the extension-host suite (trusted, then Restricted Mode) and the browser e2e on the packaged .vsix
# (the scaffold flow, then the status entries with Workspace Trust on). Every suite runs even when an earlier one fails; the exit code says
# whether all passed. env: CODE_SERVER_DIR (install/cache folder), CODE_SERVER_VERSION.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); cd "$ROOT"
bash "$ROOT/scripts/ensure-system-packages.sh"
CS_VERSION=${CODE_SERVER_VERSION:-4.100.3}
if [ -z "${CODE_SERVER_DIR:-}" ]; then
  if [ -x "/opt/vscode-test/cs-$CS_VERSION/node_modules/.bin/code-server" ]; then CODE_SERVER_DIR=/opt/vscode-test/cs-$CS_VERSION
  else CODE_SERVER_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/nextauth-scaffold/code-server-$CS_VERSION; fi
fi
if [ ! -x "$CODE_SERVER_DIR/node_modules/.bin/code-server" ]; then
  echo "Installing code-server $CS_VERSION into $CODE_SERVER_DIR"
  "$ROOT/scripts/install-code-server.sh" "$CODE_SERVER_DIR" "$CS_VERSION"
fi
CS_PACKAGE="$CODE_SERVER_DIR/node_modules/code-server"

npm run --silent build
npm run --silent build:tests
mkdir -p .test-artifacts
results=()
failed=0
run() { # run <name> <command...>
  local name=$1; shift
  local started=$SECONDS
  if "$@"; then results+=("$name: passed ($((SECONDS - started))s)"); else results+=("$name: FAILED ($((SECONDS - started))s)"); failed=$((failed + 1)); fi
}
run "integration (trusted)" env NEXTAUTH_SUITE=trusted SERVER_ARGS=--disable-workspace-trust PORT=18091 scripts/run-integration.sh "$CS_PACKAGE"
run "integration (restricted mode)" env NEXTAUTH_SUITE=untrusted PORT=18092 scripts/run-integration.sh "$CS_PACKAGE"
VSIX="$ROOT/.test-artifacts/nextauth-scaffold.vsix"
run "package" node scripts/package.mjs --out "$VSIX"
if [ -f "$VSIX" ]; then run "e2e" env PORT=18093 scripts/run-e2e.sh "$CS_PACKAGE" "$VSIX"; else results+=("e2e: FAILED (no .vsix)"); failed=$((failed + 1)); fi
if [ -f "$VSIX" ]; then run "e2e (status, Workspace Trust on)" env PORT=18094 E2E_SCRIPT=status.e2e.ts E2E_WORKSPACE_TRUST=on scripts/run-e2e.sh "$CS_PACKAGE" "$VSIX"; else results+=("e2e (status): FAILED (no .vsix)"); failed=$((failed + 1)); fi
echo
echo "test:vscode summary"
printf '  %s\n' "${results[@]}"
echo "test:vscode: $(( ${#results[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
