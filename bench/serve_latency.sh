#!/usr/bin/env bash
# bench/serve_latency.sh — time from saving one page to the reloaded page being served by
# `agora serve`, on a generated site (default 10 000 pages). Loopback only.
#   bench/serve_latency.sh [AGORA_BIN] [PAGES] [RUNS] [MODES]
# MODES (default "body title new full"):
#   body   append a sentence to a docs page (front matter unchanged)
#   title  change that page's title (its sidebar entry on the pages around it changes too)
#   new    add a new docs page beside it (a full build that reuses every unchanged page)
#   full   append a newline to site-config.yaml (everything is parsed and rendered again)
# Each run: subscribe to the reload events, save, wait for "event: reload", fetch the page and
# check it shows the edit. The time printed is save → that response received. Before the next
# run the server's second step (search index, link check) is left to finish. Prints every run
# and the median per mode, and the load average (other work on the machine skews the times).
set -euo pipefail
bin=$(realpath "${1:-build/release/agora}")
pages=${2:-10000}
runs=${3:-5}
modes=${4:-body title new full}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/agora-serve-bench.XXXXXX)
pid=""
curl_pid=""
cleanup() {
  [ -n "$curl_pid" ] && kill "$curl_pid" 2>/dev/null || true
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
python3 "$here/gen_site.py" --pages "$pages" --out "$work/site" >/dev/null
"$bin" serve -s "$work/site" --port 0 >"$work/serve.log" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 1200); do grep -q 'serving http' "$work/serve.log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.log" | head -1 | cut -d: -f2)
[ -n "$port" ] || { echo "serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
# Wait for the second step of a build or update: count the "up to date" lines.
settled=0
settle() {
  settled=$((settled + 1))
  for _ in $(seq 1200); do
    [ "$(grep -c 'up to date' "$work/serve.log" || true)" -ge "$settled" ] && return 0
    sleep 0.05
  done
  echo "the second step did not finish" >&2
  exit 1
}
settle
mapfile -t docs < <(find "$work/site/content/docs" -name '*.md' ! -name '_index.md' | LC_ALL=C sort)
file=${docs[0]}
sibling=${docs[1]}
url=${file#"$work/site/content"}; url=${url%.md}/
sib_url=${sibling#"$work/site/content"}; sib_url=${sib_url%.md}/

declare -A results
for mode in $modes; do
  for run in $(seq "$runs"); do
    : >"$work/sse"
    curl -sN "http://127.0.0.1:$port/__agora/events" >"$work/sse" &
    curl_pid=$!
    sleep 0.3
    marker="Latency marker $mode $run $RANDOM"
    page_url=$url
    if [ "$mode" = new ]; then
      new_file="$(dirname "$file")/bench-new-page-$run.md"
      page_url=${new_file#"$work/site/content"}; page_url=${page_url%.md}/
    fi
    if [ "$mode" = title ]; then
      # The edited text is made before the clock starts (python's start-up is not agora's time).
      python3 - "$file" "$marker" "$work/next" <<'EOF'
import re, sys
path, marker, out = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
open(out, "w", encoding="utf-8").write(re.sub(r"(?m)^title: .*$", "title: " + marker, text, count=1))
EOF
    fi
    t0=$(date +%s%N)
    case $mode in
      body) echo "$marker." >>"$file" ;;
      title) cat "$work/next" >"$file" ;;
      new) printf -- '---\ntitle: "%s"\n---\nA new page.\n' "$marker" >"$new_file" ;;
      full) printf "\n" >>"$work/site/site-config.yaml" ;;
      *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
    until grep -q 'event: reload' "$work/sse"; do sleep 0.002; done
    body=$(curl -s "http://127.0.0.1:$port$page_url")
    t1=$(date +%s%N)
    kill "$curl_pid" 2>/dev/null || true
    wait "$curl_pid" 2>/dev/null || true
    curl_pid=""
    if [ "$mode" != full ] && ! grep -qF "$marker" <<<"$body"; then echo "stale page" >&2; exit 1; fi
    # (Fetched into a variable: with pipefail, `curl | grep -q` fails when grep stops early.)
    if [ "$mode" = title ]; then
      sib=$(curl -s "http://127.0.0.1:$port$sib_url")
      grep -qF "$marker" <<<"$sib" || { echo "the sibling page's sidebar shows the old title" >&2; exit 1; }
    fi
    ms=$(( (t1 - t0) / 1000000 ))
    results[$mode]="${results[$mode]:-} $ms"
    echo "$mode run $run: save → reloaded page served in $ms ms ($pages pages; load $(cut -d' ' -f1 /proc/loadavg))"
    settle
  done
done
echo "server log of the last update:"
grep 'change, \|agora: [0-9]* pages' "$work/serve.log" | tail -3 | sed 's/^/  /'
for mode in $modes; do
  # shellcheck disable=SC2086
  median=$(printf '%s\n' ${results[$mode]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "serve $mode edit: median $median ms over $runs runs (all:${results[$mode]})"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
