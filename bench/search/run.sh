#!/usr/bin/env bash
# bench/search/run.sh — the search index against Pagefind, on a generated 10k-page site and on
# real Markdown installed on this machine. Prints, per site: index build time, files and bytes,
# what a cold 1-, 2- and 4-word query downloads (gzip, client code included), MRR@10 and hit@1
# on known-item queries, and the same for Pagefind with ratios. See bench/search/README.md.
#
#   bench/search/run.sh BUILD_DIR
#
# BUILD_DIR holds agora (optional) and agora_search_tool + search_tokenize_bench (tests/search).
# When BUILD_DIR/agora writes search/root.json, sites are built with it (real HTML, real index);
# otherwise the index is built from the Markdown by md_to_docs.py + agora_search_tool and
# Pagefind indexes equivalent minimal HTML (docs_to_html.py).
#
# Environment: BENCH_DIR (work folder, kept; default a temp folder removed at exit),
# BENCH_PAGES (default 10000), BENCH_QUERIES (per query size, default 200),
# BENCH_KNOWN (known-item queries, default 1000), BENCH_PAGEFIND=0 (skip Pagefind),
# BENCH_BROWSER_QUERIES (Pagefind cold queries per size, in Chromium; default 40).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: bench/search/run.sh BUILD_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
tool=$build/agora_search_tool
[ -x "$tool" ] || tool=$(find "$build" -name agora_search_tool -type f -perm -u+x | head -n 1)
[ -n "$tool" ] && [ -x "$tool" ] || { echo "bench: agora_search_tool not found under $build" >&2; exit 2; }
tokbench=$(find "$build" -name search_tokenize_bench -type f -perm -u+x | head -n 1 || true)
agora=$build/agora
pages=${BENCH_PAGES:-10000}
queries=${BENCH_QUERIES:-200}
known=${BENCH_KNOWN:-1000}
browser_queries=${BENCH_BROWSER_QUERIES:-40}

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR; mkdir -p "$work"
else
  work=$(mktemp -d /tmp/agora-search-bench.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
work=$(cd "$work" && pwd)

pagefind=""
if [ "${BENCH_PAGEFIND:-1}" != 0 ]; then
  if [ ! -x "$here/node_modules/.bin/pagefind" ]; then
    echo "bench: installing pagefind and playwright-core into bench/search/node_modules" >&2
    (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 npm ci --no-audit --no-fund >&2) || true
  fi
  [ -x "$here/node_modules/.bin/pagefind" ] && pagefind=$here/node_modules/.bin/pagefind
fi

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# bench_site NAME SOURCE_DIR — indexes one site with agora (and Pagefind) and reports.
bench_site() {
  local name=$1 src=$2 out=$work/out-$1
  echo
  echo "=== $name: $(find "$src/content" -name '*.md' | wc -l) Markdown files ==="
  rm -rf "$out"
  local t0
  if [ -x "$agora" ]; then
    t0=$(date +%s%N)
    "$agora" build --source "$src" --out "$out" --stats >"$work/$name-build.log" 2>&1 || true
    echo "agora build: $(ms "$t0") ms wall; $(grep -i 'search' "$work/$name-build.log" | tr -s ' ' | head -n 2 | paste -sd ';' -)"
  fi
  if [ ! -f "$out/search/root.json" ]; then
    echo "(agora build wrote no search index: indexing the Markdown with agora_search_tool)"
    python3 "$here/md_to_docs.py" "$src" >"$work/$name-docs.json"
    mkdir -p "$out"
    "$tool" index "$work/$name-docs.json" "$out" | sed 's/^/  /'
    [ -f "$out/index.html" ] || python3 "$here/docs_to_html.py" "$work/$name-docs.json" "$out"
  fi
  if [ -n "$pagefind" ]; then
    t0=$(date +%s%N)
    "$pagefind" --site "$out" >"$work/$name-pagefind.log" 2>&1 || { echo "pagefind failed:"; tail -5 "$work/$name-pagefind.log"; }
    echo "pagefind: indexed in $(ms "$t0") ms wall ($(grep -E 'Indexed [0-9]+ pages' "$work/$name-pagefind.log" | tr -s ' ' | sed 's/^ //'))"
  fi
  node "$here/query_bench.mjs" --site "$out" --queries "$queries" --known "$known" --browser-queries "$browser_queries"
}

echo "search bench — $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); tool $tool"
gen=$work/site-gen-$pages
stamp="$(cksum <"$root/bench/gen_site.py" | cut -d' ' -f1) $pages"
if [ ! -f "$gen/.bench-stamp" ] || [ "$(cat "$gen/.bench-stamp")" != "$stamp" ]; then
  rm -rf "$gen"
  python3 "$root/bench/gen_site.py" --pages "$pages" --out "$gen" --format agora >&2
  echo "$stamp" >"$gen/.bench-stamp"
fi
bench_site "generated-$pages" "$gen"
if [ -n "$tokbench" ] && [ -f "$work/generated-$pages-docs.json" ]; then
  echo
  echo "=== tokenising and index build speed (generated-$pages, one process) ==="
  "$tokbench" "$work/generated-$pages-docs.json" --runs 3
fi

real=$work/site-real
rm -rf "$real"
python3 "$here/real_corpus.py" "$real"
bench_site real "$real"
