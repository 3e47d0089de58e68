#!/usr/bin/env bash
# bench/serve_latency.sh — time from saving one page to the reloaded page being served by
# `agora serve`, on a generated site (default 10 000 pages). Loopback only.
#   bench/serve_latency.sh [AGORA_BIN] [PAGES] [RUNS]
set -euo pipefail
bin=$(realpath "${1:-build/release/agora}")
pages=${2:-10000}
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/agora-serve-bench.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
python3 "$here/gen_site.py" --pages "$pages" --out "$work/site" >/dev/null
"$bin" serve -s "$work/site" --port 0 >"$work/serve.log" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 600); do grep -q 'serving http' "$work/serve.log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.log" | head -1 | cut -d: -f2)
[ -n "$port" ] || { echo "serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
file=$(find "$work/site/content/docs" -name '*.md' ! -name '_index.md' | sort | head -1)
url=${file#"$work/site/content"}; url=${url%.md}/
for run in $(seq "$runs"); do
  : >"$work/sse"
  timeout 120 curl -sN "http://127.0.0.1:$port/__agora/events" >"$work/sse" &
  curl_pid=$!
  sleep 0.3
  t0=$(date +%s%N)
  echo "Latency marker $run-$t0." >>"$file"
  until grep -q 'event: reload' "$work/sse"; do sleep 0.002; done
  curl -s "http://127.0.0.1:$port$url" | grep -q "Latency marker $run-$t0" || { echo "stale page" >&2; exit 1; }
  t1=$(date +%s%N)
  kill "$curl_pid" 2>/dev/null || true
  echo "run $run: save → reloaded page served in $(( (t1 - t0) / 1000000 )) ms ($pages pages)"
done
