// filter_bench.mjs — opens /plugins/ of a built site in headless Chromium and measures filter
// changes of catalogue.js: ~20 changes across every filter kind and sort order, each timed
// three ways (all in the page, one page.evaluate per change):
//   js     form.dataset.filterMs, catalogue.js's own cost of the change (filter + sort + cards)
//   sync   performance.now() around dispatching the change event (the handler's whole cost)
//   frame  performance.now() from the change to the next animation frame after it, i.e. until
//          the browser has styled, laid out and is ready to paint the new cards
//
//   node bench/catalogue/filter_bench.mjs URL_OF_PLUGINS_PAGE [--json FILE]
//
// Needs playwright-core (tests/browser/node_modules) and /usr/bin/chromium.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../../tests/browser/package.json'));
const { chromium } = require('playwright-core');

const url = process.argv[2];
const jsonOut = process.argv[3] === '--json' ? process.argv[4] : null;
if (!url) {
  console.error('usage: filter_bench.mjs URL [--json FILE]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  timeout: 30_000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(30_000);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('form#catalogue-filters[data-ready="true"]').waitFor({ state: 'attached' });
  const ready = Date.now() - t0;
  const info = await page.evaluate(() => ({
    listings: document.getElementById('catalogue-count').textContent.trim(),
    categories: [...document.querySelectorAll('#f-category option')].map((o) => o.value).filter(Boolean),
    tags: [...document.querySelectorAll('#f-tag option')].map((o) => o.value).filter(Boolean),
    hosts: [...document.querySelectorAll('#f-host option')].map((o) => o.value).filter(Boolean),
    licenses: [...document.querySelectorAll('#f-license option')].map((o) => o.value).filter(Boolean),
  }));
  // The changes: [field name, value, label]; each applies on top of the previous ones, and a
  // reset to the default follows where the next change would otherwise match nothing.
  const changes = [
    ['category', info.categories[0], 'category (largest)'],
    ['category', info.categories.at(-1), 'category (smallest)'],
    ['category', '', 'category: all'],
    ['tag', info.tags[0], 'tag'],
    ['tag', '', 'tag: all'],
    ['host', info.hosts.at(-1), 'host version (newest)'],
    ['host', info.hosts[0], 'host version (oldest)'],
    ['host', '', 'host: any'],
    ['license', 'MIT', 'licence MIT'],
    ['license', '', 'licence: any'],
    ['status', 'stale', 'status stale'],
    ['status', '', 'status: any'],
    ['official', true, 'official only'],
    ['verified', true, 'official + verified'],
    ['official', false, 'verified only'],
    ['verified', false, 'no checkbox'],
    ['sort', 'rating', 'sort rating'],
    ['sort', 'popularity', 'sort popularity'],
    ['sort', 'updated', 'sort updated'],
    ['sort', 'name', 'sort name'],
    ['q', 'f', 'text "f"'],
    ['q', 'fast', 'text "fast"'],
    ['q', 'fast lint', 'text "fast lint"'],
    ['q', '', 'text cleared'],
  ];
  const rows = [];
  for (const [name, value, label] of changes) {
    const r = await page.evaluate(([name, value]) => new Promise((resolve) => {
      const form = document.getElementById('catalogue-filters');
      const field = form.elements[name];
      if (field.type === 'checkbox') field.checked = value;
      else field.value = value;
      const ev = new Event(field.type === 'search' ? 'input' : 'change', { bubbles: true });
      const t = performance.now();
      field.dispatchEvent(ev);
      const sync = performance.now() - t;
      requestAnimationFrame(() => {
        // Forces style and layout of the new cards in this frame.
        document.getElementById('catalogue-results').getBoundingClientRect();
        const frame = performance.now() - t;
        resolve({
          js: Number(form.dataset.filterMs),
          sync,
          frame,
          count: document.getElementById('catalogue-count').textContent.trim(),
          cards: document.querySelectorAll('#catalogue-results > li').length,
        });
      });
    }), [name, value]);
    rows.push({ label, ...r });
  }
  const stat = (key) => {
    const v = rows.map((r) => r[key]).sort((a, b) => a - b);
    const mid = v.length >> 1;
    return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, max: v.at(-1) };
  };
  const summary = { ready_ms: ready, listings: info.listings, changes: rows.length,
    js: stat('js'), sync: stat('sync'), frame: stat('frame'), rows };
  console.log(`catalogue.js in Chromium: ${info.listings} loaded and drawn in ${ready} ms (fetch + parse + first draw)`);
  console.log(`${'change'.padEnd(24)} ${'js ms'.padStart(7)} ${'sync ms'.padStart(8)} ${'frame ms'.padStart(9)}  result`);
  for (const r of rows) {
    console.log(`${r.label.padEnd(24)} ${r.js.toFixed(2).padStart(7)} ${r.sync.toFixed(2).padStart(8)} ${r.frame.toFixed(2).padStart(9)}  ${r.count}, ${r.cards} cards drawn`);
  }
  for (const k of ['js', 'sync', 'frame']) {
    console.log(`${k.padEnd(6)} median ${summary[k].median.toFixed(2)} ms, max ${summary[k].max.toFixed(2)} ms over ${rows.length} changes`);
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(summary, null, 1));
} finally {
  await browser.close();
}
