// query_bench.mjs — what a reader downloads for a cold search, and how well results rank, for
// agora's static index and (when present) Pagefind's, on the same built site.
//
//   node bench/search/query_bench.mjs --site DIR [--client DIR] [--queries N] [--known N]
//                                      [--browser-queries N] [--no-browser] [--seed S]
//
// DIR holds search/ (agora's index) and optionally pagefind/ (npx pagefind --site DIR).
// Bytes are gzip sizes (level 6, what CDNs serve) of every file the client fetches for one
// query from an empty cache, including the client code itself:
//   agora    search.js + search-core.js + search.css + root.json + shards + display chunks (6)
//   pagefind pagefind.js + pagefind-entry.json + meta + wasm + index chunks + fragments (6)
// agora's client is run in node on the files on disk (it is the same code the browser runs);
// Pagefind runs in headless Chromium (playwright-core + /usr/bin/chromium) against a local
// server that logs each request. Relevance: known-item queries (a page's title, as typed)
// scored by MRR@10 and hit@1 against that page.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf('--' + name);
  return i >= 0 ? args[i + 1] : def;
};
const SITE = resolve(opt('site', ''));
const CLIENT = resolve(opt('client', join(here, '../../themes/default/static/search')));
const N_QUERIES = +opt('queries', 200);
const N_KNOWN = +opt('known', 1000);
const N_BROWSER = +opt('browser-queries', 40);
const SEED = +opt('seed', 7);
const LIMIT = +opt('limit', 6);  // pages the search box shows (search.js)
const BROWSER = !args.includes('--no-browser');
if (!SITE || !existsSync(join(SITE, 'search/root.json'))) {
  console.error('query_bench: --site DIR must hold search/root.json (a site built by agora)');
  process.exit(2);
}
const core = require(join(CLIENT, 'search-core.js'));

// ---- helpers --------------------------------------------------------------------------------
const gzCache = new Map();
function gzSize(file) {
  if (!gzCache.has(file)) {
    const buf = readFileSync(file);
    gzCache.set(file, Math.min(buf.length, gzipSync(buf, { level: 6 }).length));
  }
  return gzCache.get(file);
}
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, avg: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p90: q(0.9), max: s[s.length - 1] };
}
const kb = (b) => (b / 1024).toFixed(1);
// Files and bytes below dir; `skip` names top-level entries that are not part of it.
function countFiles(dir, skip = []) {
  let files = 0, bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) { const c = countFiles(p); files += c.files; bytes += c.bytes; }
    else { files++; bytes += statSync(p).size; }
  }
  return { files, bytes };
}

// ---- the pages and the queries --------------------------------------------------------------
const root = JSON.parse(readFileSync(join(SITE, 'search/root.json'), 'utf8'));
const pages = [];
for (let c = 0; c * root.chunk < root.docs; c++)
  for (const rec of JSON.parse(readFileSync(join(SITE, 'search/d', `${root.d}-${c}.json`), 'utf8')))
    pages.push({ title: rec[0], url: rec[1].endsWith('/~') ? rec[1].slice(0, -1) + core.simpleAnchor(rec[0]) + '/' : rec[1], headings: rec[5].map((h) => h[0]) });
const rand = rng(SEED);
const pick = (a) => a[Math.floor(rand() * a.length)];
const wordsOf = (t) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
function sample(n, make) {
  const out = [];
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const q = make();
    if (q) out.push(q);
  }
  return out;
}
const sets = {
  '1-word': sample(N_QUERIES, () => pick(wordsOf(pick(pages).title))),
  '2-word': sample(N_QUERIES, () => {  // two words of a title, in order
    const w = wordsOf(pick(pages).title);
    if (w.length < 2) return null;
    const i = Math.floor(rand() * w.length), j = Math.floor(rand() * (w.length - 1));
    const k = j >= i ? j + 1 : j;
    return [w[Math.min(i, k)], w[Math.max(i, k)]].join(' ');
  }),
  '4-word': sample(N_QUERIES, () => {
    const p = pick(pages), w = wordsOf(p.title).concat(wordsOf(p.headings.join(' ')));
    return w.length >= 4 ? w.slice(0, 4).join(' ') : null;
  }),
};
const known = sample(N_KNOWN, () => pick(pages)).map((p) => ({ q: p.title, url: p.url }));

// ---- agora (node, same code as the browser) ---------------------------------------------------
const clientFiles = ['search.js', 'search-core.js', 'search.css'].filter((f) => existsSync(join(CLIENT, f)));
const clientBytes = clientFiles.reduce((a, f) => a + gzSize(join(CLIENT, f)), 0);
const coreBytes = gzSize(join(CLIENT, 'search-core.js'));
function agoraIndex(log) {
  return new core.Index((path) => {
    const file = join(SITE, 'search', path);
    if (log) log.push(gzSize(file));
    return JSON.parse(readFileSync(file, 'utf8'));
  });
}
async function agoraCold(q) {
  const log = [];
  await agoraIndex(log).search(q, { limit: LIMIT });
  return { bytes: clientBytes + log.reduce((a, b) => a + b, 0), files: log.length };
}

const report = {};
console.log(`search bench: ${pages.length} pages in ${SITE}`);
// search/index.html is the full search page (an HTML page like any other), not index data.
const agoraIdx = countFiles(join(SITE, 'search'), ['index.html']);
console.log(`\nagora index: ${agoraIdx.files} files, ${(agoraIdx.bytes / 1e6).toFixed(2)} MB; client ${kb(clientBytes)} KB gz (${clientFiles.join(' + ')}; core alone ${kb(coreBytes)} KB)`);
report.agora = { files: agoraIdx.files, bytes: agoraIdx.bytes };
for (const [name, qs] of Object.entries(sets)) {
  const runs = [];
  for (const q of qs) runs.push(await agoraCold(q));
  const s = stats(runs.map((r) => r.bytes)), f = stats(runs.map((r) => r.files));
  report.agora[name] = s;
  console.log(`  cold ${name} query: avg ${kb(s.avg)} KB, median ${kb(s.p50)}, p90 ${kb(s.p90)}, max ${kb(s.max)} KB; ${f.avg.toFixed(1)} requests avg (${s.n} queries)`);
}
{
  const ix = agoraIndex(null);
  let rr = 0, hit1 = 0;
  const t0 = performance.now();
  for (const k of known) {
    const res = await ix.search(k.q, { limit: 10 });
    const i = res.results.findIndex((h) => h.url === k.url);
    if (i >= 0) rr += 1 / (i + 1);
    if (i === 0) hit1++;
  }
  const ms = (performance.now() - t0) / known.length;
  report.agora.mrr = rr / known.length;
  report.agora.hit1 = hit1 / known.length;
  console.log(`  known-item (title as typed): MRR@10 ${report.agora.mrr.toFixed(3)}, hit@1 ${report.agora.hit1.toFixed(3)} (${known.length} queries, ${ms.toFixed(1)} ms/query warm, node)`);
}

// ---- Pagefind (headless Chromium) --------------------------------------------------------------
const pfDir = join(SITE, 'pagefind');
const chromium = '/usr/bin/chromium';
let playwright = null;
try { playwright = require('playwright-core'); } catch { /* not installed */ }
if (!existsSync(pfDir)) console.log('\npagefind: no pagefind/ folder in the site (run npx pagefind --site DIR); skipped');
else if (!BROWSER || !playwright || !existsSync(chromium)) console.log('\npagefind: needs playwright-core (npm install in bench/search) and /usr/bin/chromium; skipped');
else {
  const pf = countFiles(pfDir);
  report.pagefind = { files: pf.files, bytes: pf.bytes };
  // A static server that logs what each query fetches.
  let log = [];
  const TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html', '.css': 'text/css', '.wasm': 'application/wasm' };
  const harness = '<!doctype html><meta charset="utf-8"><title>bench</title>';
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/__bench/') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(harness); return; }
    const file = join(SITE, path);
    if (!file.startsWith(SITE) || !existsSync(file) || statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    log.push({ path, bytes: gzSize(file) });
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await playwright.chromium.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--headless'] });
  const pfSearch = async (page, q, n) => page.evaluate(async ([q, n]) => {
    const pagefind = window.__pf || (window.__pf = await import('/pagefind/pagefind.js'));
    const r = await pagefind.search(q);
    const data = await Promise.all(r.results.slice(0, n).map((x) => x.data()));
    return data.map((d) => d.url);
  }, [q, n]);
  console.log(`\npagefind index: ${pf.files} files, ${(pf.bytes / 1e6).toFixed(2)} MB`);
  for (const [name, qs] of Object.entries(sets)) {
    const bytes = [], reqs = [];
    for (const q of qs.slice(0, N_BROWSER)) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(origin + '/__bench/');
      log = [];
      await pfSearch(page, q, LIMIT);
      bytes.push(log.reduce((a, b) => a + b.bytes, 0));
      reqs.push(log.length);
      await ctx.close();
    }
    const s = stats(bytes), f = stats(reqs);
    report.pagefind[name] = s;
    console.log(`  cold ${name} query: avg ${kb(s.avg)} KB, median ${kb(s.p50)}, p90 ${kb(s.p90)}, max ${kb(s.max)} KB; ${f.avg.toFixed(1)} requests avg (${s.n} queries)`);
  }
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(origin + '/__bench/');
    let rr = 0, hit1 = 0;
    const t0 = performance.now();
    for (const k of known) {
      const urls = (await pfSearch(page, k.q, 10)).map((u) => u.replace(/index\.html$/, ''));
      const i = urls.indexOf(k.url);
      if (i >= 0) rr += 1 / (i + 1);
      if (i === 0) hit1++;
    }
    const ms = (performance.now() - t0) / known.length;
    report.pagefind.mrr = rr / known.length;
    report.pagefind.hit1 = hit1 / known.length;
    console.log(`  known-item (title as typed): MRR@10 ${report.pagefind.mrr.toFixed(3)}, hit@1 ${report.pagefind.hit1.toFixed(3)} (${known.length} queries, ${ms.toFixed(1)} ms/query warm, chromium)`);
    await ctx.close();
  }
  await browser.close();
  server.close();

  console.log('\nagora vs Pagefind (lower is better for bytes and files)');
  console.log(`  index files  ${report.agora.files} vs ${report.pagefind.files}  (${(report.pagefind.files / report.agora.files).toFixed(1)}× fewer)`);
  console.log(`  index bytes  ${(report.agora.bytes / 1e6).toFixed(2)} vs ${(report.pagefind.bytes / 1e6).toFixed(2)} MB  (${(report.agora.bytes / report.pagefind.bytes).toFixed(2)}×)`);
  for (const name of Object.keys(sets))
    console.log(`  cold ${name}  ${kb(report.agora[name].avg)} vs ${kb(report.pagefind[name].avg)} KB avg  (${(report.pagefind[name].avg / report.agora[name].avg).toFixed(1)}× less)`);
  console.log(`  MRR@10       ${report.agora.mrr.toFixed(3)} vs ${report.pagefind.mrr.toFixed(3)};  hit@1 ${report.agora.hit1.toFixed(3)} vs ${report.pagefind.hit1.toFixed(3)}`);
}

console.log('\ntargets at 10k pages (informational)');
const t = (ok, text) => console.log(`${ok ? 'PASS' : 'MISS'}  ${text}`);
t(report.agora['1-word'].avg <= 30 * 1024, `cold 1-word query ≤ 30 KB: ${kb(report.agora['1-word'].avg)} KB avg, ${kb(report.agora['1-word'].max)} KB max`);
t(report.agora['2-word'].avg <= 45 * 1024, `cold 2-word query ≤ 45 KB: ${kb(report.agora['2-word'].avg)} KB avg, ${kb(report.agora['2-word'].max)} KB max`);
t(report.agora.files <= 500, `≤ 500 index files: ${report.agora.files}`);
t(clientBytes <= 15 * 1024, `client ≤ 15 KB gz: ${kb(clientBytes)} KB`);
if (args.includes('--json')) console.log(JSON.stringify(report));
