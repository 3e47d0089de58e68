#!/usr/bin/env bash
# bench/run.sh AGORA_BIN — builds generated 1k and 10k page sites (40k with BENCH_LARGE=1) with
# agora and, when installed, with Hugo; prints wall time, throughput, peak RSS and output size,
# the agora/Hugo ratios, a linearity check and the targets as PASS/MISS lines.
# Exits non-zero only when a build fails (or produces fewer HTML files than it has pages).
#
# Environment:
#   BENCH_DIR=DIR    work folder (kept; generated sites are reused while gen_site.py is
#                    unchanged). Default: a fresh /tmp/agora-bench.XXXXXX, removed at exit.
#   BENCH_LARGE=1    add the 40k page site          BENCH_SIZES="1000 5000"  explicit sizes
#   BENCH_RUNS=N     timed builds per tool and size (default 3)
#   BENCH_HUGO=0     skip Hugo even when installed  BENCH_KEEP=1  keep the default temp folder
#   BENCH_STATS=0    skip the extra `agora build --stats` run at the largest size
#   BENCH_CHECK=0    skip timing `agora check` (target: no dearer than building the same site)
#   BENCH_TIMEOUT=S  a build running longer than S seconds is killed and counts as failed
#                    (default 1800; 0 = no limit)
# AGORA_BIN may be `none` to measure only Hugo (for working on the benchmark itself).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
agora=${1:-}
if [ -z "$agora" ]; then
  echo "usage: bench/run.sh AGORA_BIN   (or 'none' to run only Hugo)" >&2
  exit 2
fi
if [ "$agora" != none ]; then
  [ -x "$agora" ] || { echo "bench: agora binary '$agora' not found or not executable (make agora)" >&2; exit 2; }
  agora=$(cd "$(dirname "$agora")" && pwd)/$(basename "$agora")
fi
command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 2; }

runs=${BENCH_RUNS:-3}
limit=${BENCH_TIMEOUT:-1800}
sizes=${BENCH_SIZES:-1000 10000}
[ "${BENCH_LARGE:-0}" = 1 ] && [ -z "${BENCH_SIZES:-}" ] && sizes="$sizes 40000"
hugo=""
if [ "${BENCH_HUGO:-1}" != 0 ] && command -v hugo >/dev/null; then hugo=$(command -v hugo); fi
if [ "$agora" = none ] && [ -z "$hugo" ]; then echo "bench: nothing to run" >&2; exit 2; fi

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR; mkdir -p "$work"
else
  work=$(mktemp -d /tmp/agora-bench.XXXXXX)
  [ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
work=$(cd "$work" && pwd)

# Peak RSS: GNU time when present (installed on demand as root), else /proc polling.
timer=""
if [ "${BENCH_TIMER:-}" = proc ]; then
  :  # forced /proc polling (to test the fallback)
elif [ -x /usr/bin/time ]; then
  timer=/usr/bin/time
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bench: installing Debian 'time' for peak RSS" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 && timer=/usr/bin/time
fi

results=$work/results.tsv
: >"$results"
failed=0

# measure TOOL SIZE RUN OUT LOG CMD... — one timed build; appends a row to $results.
measure() {
  local tool=$1 size=$2 run=$3 out=$4 log=$5; shift 5
  local t0 t1 rc rss=0 tf=$work/time.out
  rm -rf "$out"
  t0=$(date +%s%N)
  if [ -n "$timer" ]; then
    if [ "$limit" -gt 0 ]; then
      "$timer" -f '%M' -o "$tf" timeout --signal=KILL "$limit" "$@" >"$log" 2>&1
    else
      "$timer" -f '%M' -o "$tf" "$@" >"$log" 2>&1
    fi
    rc=$?
    t1=$(date +%s%N)
    rss=$(tail -n 1 "$tf" 2>/dev/null | tr -dc 0-9)
  else
    "$@" >"$log" 2>&1 &
    local pid=$! hwm
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
      [ -n "$hwm" ] && rss=$hwm
      if [ "$limit" -gt 0 ] && [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge "$limit" ]; then
        kill -KILL "$pid" 2>/dev/null
      fi
      sleep 0.01
    done
    wait "$pid"; rc=$?
    t1=$(date +%s%N)
  fi
  if [ "$rc" -ne 0 ]; then
    if [ "$limit" -gt 0 ] && [ $(( (t1 - t0) / 1000000000 )) -ge "$limit" ]; then
      echo "bench: $tool build of the $size page site killed after ${limit}s (BENCH_TIMEOUT)" >&2
    fi
    echo "bench: $tool build of the $size page site failed (exit $rc); last lines of $log:" >&2
    tail -n 20 "$log" >&2
    failed=1
    return 1
  fi
  local html files bytes
  html=$(find "$out" -type f -name '*.html' | wc -l)
  if [ "$html" -lt "$size" ]; then
    echo "bench: $tool build of the $size page site wrote only $html HTML files; counted as failed" >&2
    tail -n 20 "$log" >&2
    failed=1
    return 1
  fi
  files=$(find "$out" -type f | wc -l)
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$size" "$run" "$(( (t1 - t0) / 1000 ))" \
    "${rss:-0}" "$files" "$bytes" >>"$results"
}

# site FORMAT SIZE — generates (or reuses) a site and prints its folder.
site() {
  local fmt=$1 size=$2 dir=$work/site-$1-$2
  local stamp
  stamp="$(cksum <"$here/gen_site.py" | cut -d' ' -f1) $fmt $size"
  if [ ! -f "$dir/.bench-stamp" ] || [ "$(cat "$dir/.bench-stamp")" != "$stamp" ]; then
    rm -rf "$dir"
    python3 "$here/gen_site.py" --pages "$size" --out "$dir" --format "$fmt" >&2 || return 1
    echo "$stamp" >"$dir/.bench-stamp"
  fi
  echo "$dir"
}

ncpu=$(nproc 2>/dev/null || echo 1)
read -r load1 _ </proc/loadavg
echo "agora build benchmark — $ncpu cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load $load1"
if [ "$agora" != none ]; then
  ver=$("$agora" --version 2>/dev/null | head -n 1 || true)
  echo "agora: $agora${ver:+ ($ver)}"
fi
[ -n "$hugo" ] && echo "hugo:  $("$hugo" version | awk '{print $2}')"
echo "sizes: $sizes; $runs timed builds each; work folder $work"
if awk -v l="$load1" -v n="$ncpu" 'BEGIN {exit !(l > 0.5 * n)}'; then
  echo "WARNING: the machine is busy (load $load1 on $ncpu cores); timings will be noisy and slow."
fi
echo

for size in $sizes; do
  if [ "$agora" != none ]; then
    dir=$(site agora "$size") || { failed=1; continue; }
    for run in $(seq 1 "$runs"); do
      measure agora "$size" "$run" "$work/out-agora-$size" "$work/agora-$size.log" \
        "$agora" build --source "$dir" --out "$work/out-agora-$size" --quiet || break
    done
    rm -rf "$work/out-agora-$size"
  fi
  if [ -n "$hugo" ]; then
    dir=$(site hugo "$size") || { failed=1; continue; }
    for run in $(seq 1 "$runs"); do
      measure hugo "$size" "$run" "$work/out-hugo-$size" "$work/hugo-$size.log" \
        "$hugo" --quiet -s "$dir" -d "$work/out-hugo-$size" || break
    done
    rm -rf "$work/out-hugo-$size"
  fi
done

echo
python3 - "$results" "${timer:-proc}" <<'EOF'
import sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(sys.argv[1]):
    tool, size, run, us, rss, files, nbytes = line.split("\t")
    rows[(tool, int(size))].append((int(us) / 1e6, int(rss), int(files), int(nbytes)))
if not rows:
    print("no successful builds")
    sys.exit(0)
sizes = sorted({s for _, s in rows})
tools = [t for t in ("agora", "hugo") if any(k[0] == t for k in rows)]

def mib(kb): return f"{kb / 1024:.0f} MiB"
def mb(b): return f"{b / 1e6:.1f} MB"

best = {}
print(f"{'pages':>6}  {'tool':<5}  {'wall s min / avg / max':>24}  {'pages/s':>8}  {'peak RSS':>9}  {'files':>6}  {'output':>9}")
for size in sizes:
    for tool in tools:
        r = rows.get((tool, size))
        if not r:
            print(f"{size:>6}  {tool:<5}  {'failed':>24}")
            continue
        walls = [x[0] for x in r]
        lo, avg, hi = min(walls), sum(walls) / len(walls), max(walls)
        rss = max(x[1] for x in r)
        files, nbytes = r[-1][2], r[-1][3]
        best[(tool, size)] = (lo, rss)
        wall = f"{lo:.3f} / {avg:.3f} / {hi:.3f}"
        print(f"{size:>6}  {tool:<5}  {wall:>24}  {size / lo:>8.0f}  {mib(rss):>9}  {files:>6}  {mb(nbytes):>9}")
print("pages/s from the best run; peak RSS is the largest of the runs"
      + (" (sampled from /proc, may under-read)" if sys.argv[2] == "proc" else "") + ".")

if "agora" in tools and "hugo" in tools:
    print("\nagora vs Hugo (best wall time, peak RSS)")
    print(f"{'pages':>6}  {'throughput':>12}  {'memory':>22}")
    for size in sizes:
        if ("agora", size) in best and ("hugo", size) in best:
            (aw, ar), (hw, hr) = best[("agora", size)], best[("hugo", size)]
            mem = f"{ar / hr:.2f}× ({hr / ar:.1f}× less)" if ar <= hr else f"{ar / hr:.2f}× (more)"
            print(f"{size:>6}  {hw / aw:>10.1f}×  {mem:>22}")

if len(sizes) > 1:
    print("\nlinearity: ms per page (best wall); last column = largest / smallest site")
    print(f"{'tool':<5}  " + "  ".join(f"{s:>8}" for s in sizes) + f"  {'ratio':>7}")
    for tool in tools:
        per = [best[(tool, s)][0] * 1000 / s if (tool, s) in best else None for s in sizes]
        cells = "  ".join(f"{p:>8.3f}" if p is not None else f"{'-':>8}" for p in per)
        ok = [p for p in per if p is not None]
        if len(ok) >= 2:
            ratio = ok[-1] / ok[0]
            verdict = "linear or better" if ratio <= 1.15 else ("slightly superlinear" if ratio <= 1.5 else "SUPERLINEAR")
            print(f"{tool:<5}  {cells}  {ratio:>6.2f}×  {verdict}")
        else:
            print(f"{tool:<5}  {cells}")

target = 10000
print(f"\ntargets at {target} pages (informational; they never fail the run)")
if ("agora", target) in best and ("hugo", target) in best:
    (aw, ar), (hw, hr) = best[("agora", target)], best[("hugo", target)]
    t, m = hw / aw, ar / hr
    print(f"{'PASS' if t >= 4 else 'MISS'}  throughput: agora {t:.1f}× Hugo's (target ≥ 4×)")
    print(f"{'PASS' if m <= 0.25 else 'MISS'}  memory: agora peak RSS {m:.2f}× Hugo's (target ≤ 0.25×)")
else:
    print("n/a   needs agora and Hugo results at 10000 pages")
EOF

# agora check on the same sites: it runs every stage but writing, plus the orphan-page check.
# Target: checking costs no more than building. Best of $runs, against the best build above.
if [ "$agora" != none ] && [ "${BENCH_CHECK:-1}" != 0 ] && [ "$failed" = 0 ]; then
  echo
  echo "agora check vs agora build (best wall time)"
  for size in $sizes; do
    dir=$work/site-agora-$size
    [ -d "$dir" ] || continue
    best_check=""
    for run in $(seq 1 "$runs"); do
      t0=$(date +%s%N)
      "$agora" check --source "$dir" >"$work/check-$size.log" 2>&1
      rc=$?
      t1=$(date +%s%N)
      # Exit 1 only for errors; warnings (orphan pages) do not fail a check.
      if [ "$rc" -ne 0 ]; then echo "bench: agora check of the $size page site failed (exit $rc)" >&2; tail -n 5 "$work/check-$size.log" >&2; failed=1; break; fi
      us=$(( (t1 - t0) / 1000 ))
      if [ -z "$best_check" ] || [ "$us" -lt "$best_check" ]; then best_check=$us; fi
    done
    [ -n "$best_check" ] || continue
    best_build=$(awk -F'\t' -v s="$size" '$1 == "agora" && $2 == s {print $4}' "$results" | sort -n | head -n 1)
    [ -n "$best_build" ] || continue
    awk -v s="$size" -v c="$best_check" -v b="$best_build" 'BEGIN {
      r = c / b
      printf "%6d pages  check %.2f s  build %.2f s  ratio %.2f  %s\n", s, c / 1e6, b / 1e6, r, (r <= 1.0 ? "PASS" : "MISS")
    }'
  done
fi

# Where the time goes: one extra, untimed build with --stats at the largest size.
if [ "$agora" != none ] && [ "${BENCH_STATS:-1}" != 0 ] && [ "$failed" = 0 ]; then
  largest=${sizes##* }
  echo
  echo "agora build --stats, $largest pages:"
  "$agora" build --source "$work/site-agora-$largest" --out "$work/out-agora-stats" --stats 2>&1 | tail -n 40 \
    || echo "(agora build --stats failed; see above)"
  rm -rf "$work/out-agora-stats"
fi

exit "$failed"
