#!/usr/bin/env bash
# The Debian packages the test suite needs, in one list, and the step of `npm test` that makes sure they are
# installed. Add a package here (with a comment saying which test needs it), nowhere else.
#
# All installed: prints nothing. Some missing: as root with apt-get, installs them, saying so (under a lock,
# so parallel runs on one machine do not fight over dpkg); otherwise stops with one message naming the exact
# command to run. Not a Debian system (no dpkg-query): says it cannot check, and goes on.
# env: CHROMIUM (a browser binary to use instead of Debian's chromium), NEXTAUTH_APT_LOCK (lock file path)
set -euo pipefail

PACKAGES=(
  # code-server, the VS Code the integration and e2e tests run in (scripts/install-code-server.sh, from npm):
  # its @vscode/ripgrep download is seeded with Debian's rg; the rest build its native modules (node-pty,
  # kerberos, native-keymap, @vscode/spdlog, …) with node-gyp.
  ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
  # The browser playwright-core drives headless (integration driver, e2e).
  chromium
  # Health checks of the servers the test scripts start.
  curl
  # The shared refresh store's Redis (issue 14): the app-level multi-instance scenarios (test/app), the store's
  # runtime test (test/unit/refresh-store-runtime.test.ts) and its bench.
  redis-server
)

# A browser given explicitly replaces Debian's.
if [ -n "${CHROMIUM:-}" ]; then
  kept=()
  for package in "${PACKAGES[@]}"; do [ "$package" = chromium ] || kept+=("$package"); done
  PACKAGES=("${kept[@]}")
fi

if ! command -v dpkg-query > /dev/null 2>&1; then
  echo "npm test: not a Debian system (no dpkg-query), so the system packages are not checked; the tests need the equivalents of: ${PACKAGES[*]}" >&2
  exit 0
fi

missing_packages() {
  local package status
  for package in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2> /dev/null || true)
    [ "${status:0:2}" = ii ] || printf '%s\n' "$package"
  done
}

mapfile -t missing < <(missing_packages)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
  echo "npm test: installing the Debian packages it needs: ${missing[*]} (apt-get install)"
  install() {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
  }
  lock=${NEXTAUTH_APT_LOCK:-/tmp/nextauth-apt.lock}
  if command -v flock > /dev/null 2>&1; then
    exec 9> "$lock"
    flock 9
  fi
  if ! install "${missing[@]}" > /dev/null; then
    echo "npm test: apt-get could not install: ${missing[*]} (see the apt-get output above)" >&2
    exit 1
  fi
  mapfile -t still < <(missing_packages)
  if [ "${#still[@]}" -gt 0 ]; then
    echo "npm test: still missing after apt-get install: ${still[*]}" >&2
    exit 1
  fi
  echo "npm test: installed ${missing[*]}"
  exit 0
fi

if command -v apt-get > /dev/null 2>&1; then
  echo "npm test needs these Debian packages, which are not installed: ${missing[*]}. Install them, then run npm test again:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
else
  echo "npm test needs these Debian packages, which are not installed: ${missing[*]}. Install them (apt-get install -y --no-install-recommends ${missing[*]}), then run npm test again." >&2
fi
exit 1
