#!/usr/bin/env bash
# Browser tests of what readers see: builds the bundled hub (this repository's own site) with
# BUILD_DIR/agora for a /hub/ subpath, and the demo hub (examples/demo-hub, the plugin
# catalogue's 40+ listings) for /demo/, serves both on 127.0.0.1 with server.mjs, and runs
# tests/browser/*.test.mjs with node's test runner against headless Debian /usr/bin/chromium.
#
#   tests/browser/run.sh BUILD_DIR [TEST_FILE...]
#
# Environment:
#   AGORA_BROWSER_SCREENSHOTS=DIR  keep screenshots there (otherwise they go to a temp folder
#                                  that is kept only when a test fails)
#   AGORA_BROWSER_CONCURRENCY=N    test files run at once (default 2, one per core; each file
#                                  starts its own Chromium)
# Exits non-zero when anything fails. Everything it starts, it stops; every step is bounded.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR [TEST_FILE...]" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build_dir="$(cd "$1" && pwd)"
shift
agora="$build_dir/agora"
chromium=/usr/bin/chromium

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "browser tests: '$tool' not found" >&2; exit 1; }
done
[[ -x "$chromium" ]] || { echo "browser tests: $chromium not found" >&2; exit 1; }
[[ -x "$agora" ]] || { echo "browser tests: $agora not found (build the agora target)" >&2; exit 1; }

# Dependencies: playwright-core only, from the lockfile; it never downloads a browser.
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  echo "browser tests: installing npm dependencies"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 180 npm ci --no-audit --no-fund)
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/agora-browser.XXXXXX")"
server_pid=""
runner_pid=""
status=1
shots="${AGORA_BROWSER_SCREENSHOTS:-$tmp/screenshots}"
cleanup() {
  if [[ -n "$runner_pid" ]] && kill -0 "$runner_pid" 2>/dev/null; then
    kill "$runner_pid" 2>/dev/null || true
    wait "$runner_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -z "${AGORA_BROWSER_SCREENSHOTS:-}" && "$status" -ne 0 && -d "$tmp/screenshots" ]]; then
    # Keep the screenshots of a failed run for whoever looks into it.
    kept="$(mktemp -d "${TMPDIR:-/tmp}/agora-browser-screenshots.XXXXXX")"
    cp "$tmp"/screenshots/*.png "$kept"/ 2>/dev/null || true
    echo "browser tests: screenshots kept in $kept" >&2
  fi
  # An interrupted Chromium may still be writing its profile for a moment.
  for _ in 1 2 3 4 5; do
    rm -rf "$tmp" 2>/dev/null && break
    sleep 0.5
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. The server first, on a free port the OS picks, so the site can be built for that port.
mkdir -p "$tmp/site" "$tmp/demo"
node "$here/server.mjs" --root "$tmp/site" --prefix /hub/ --mount "/demo/=$tmp/demo" --port 0 \
  --port-file "$tmp/port" --max-seconds 300 >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  [[ -s "$tmp/port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.05
done
if [[ ! -s "$tmp/port" ]]; then
  echo "browser tests: the static server did not start" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi
port="$(cat "$tmp/port")"
base_url="http://127.0.0.1:$port/hub/"
demo_url="http://127.0.0.1:$port/demo/"

# 2. The bundled hub, built for the subpath.
rm -rf "$tmp/site"
if ! timeout 120 "$agora" build --source "$root" --out "$tmp/site" --base-url "$base_url"; then
  echo "browser tests: agora build of $root failed" >&2
  exit 1
fi
# The demo hub, for the catalogue tests, with a fixed reference date (stale badges).
rm -rf "$tmp/demo"
if ! SOURCE_DATE_EPOCH=1748736000 timeout 60 "$agora" build --quiet --source "$root/examples/demo-hub" \
  --out "$tmp/demo" --base-url "$demo_url"; then
  echo "browser tests: agora build of $root/examples/demo-hub failed" >&2
  exit 1
fi

# 3. The tests. Each file starts its own Chromium; Playwright gives it a fresh profile under
#    TMPDIR, inside $tmp.
tests=()
for t in "$@"; do
  # Relative to where run.sh was called from (the runner itself starts in $here).
  tests+=("$(realpath -e -- "$t")") || { echo "browser tests: no such test file: $t" >&2; exit 2; }
done
if [[ ${#tests[@]} -eq 0 ]]; then
  tests=("$here"/*.test.mjs)
fi
echo "browser tests: $base_url (screenshots: $shots)"
# In the background, so that an interrupted run stops the tests too (cleanup kills runner_pid;
# timeout passes the signal on to node, which stops its test processes and their browsers).
(
  cd "$here" &&
    exec env TMPDIR="$tmp" \
      AGORA_BROWSER_BASE_URL="$base_url" \
      AGORA_BROWSER_DEMO_URL="$demo_url" \
      AGORA_BROWSER_SCREENSHOTS="$shots" \
      timeout --kill-after=10 240 node --test \
      --test-concurrency="${AGORA_BROWSER_CONCURRENCY:-2}" \
      "${tests[@]}"
) &
runner_pid=$!
set +e
wait "$runner_pid"
status=$?
set -e
runner_pid=""
if [[ $status -ne 0 ]]; then
  echo "browser tests: FAILED (exit $status)" >&2
fi
exit "$status"
