#!/usr/bin/env bash
# stop-server.sh <state-dir>: ends the process group a run script started with setsid (server, extension
# host, file watchers), politely first. Safe to call twice or when nothing was started.
STATE=${1:?usage: stop-server.sh <state-dir>}
PGID=$(cat "$STATE/server.pgid" 2>/dev/null) || exit 0
kill -TERM -- -"$PGID" 2>/dev/null || true
for _ in $(seq 1 25); do kill -0 -- -"$PGID" 2>/dev/null || { rm -f "$STATE/server.pgid"; exit 0; }; sleep 0.2; done
kill -KILL -- -"$PGID" 2>/dev/null || true
rm -f "$STATE/server.pgid"
