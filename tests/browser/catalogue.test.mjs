// The plugin catalogue as a reader uses it, on the demo hub (examples/demo-hub, 40+ listings,
// served by run.sh under /demo/): filters (category, host version, licence, official, text) and
// sorting (name, rating) checked card by card against what /api/v1/plugins.json says; the
// filter state in the URL (shared links, Back); the count announced; the list and its
// pagination without JavaScript; the install snippet's single copy button; layout at phone
// width in both colour schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, screenshot, demo, eventually, ORIGIN, TEST, TIMEOUT_MS,
} from './harness.mjs';

let browser;
let api;
before(async () => {
  browser = await launch();
  const res = await fetch(demo('api/v1/plugins.json'), { signal: AbortSignal.timeout(TIMEOUT_MS) });
  assert.equal(res.status, 200, 'the registry index is served');
  api = await res.json();
  assert.ok(api.plugins.length >= 40, `the demo hub has 40+ listings (${api.plugins.length})`);
});
after(async () => {
  await browser?.close();
});

// ---- What the catalogue should show, computed from the registry index ----

const lower = (p) => String(p.name).toLowerCase();
function byName(a, b) {
  const x = lower(a), y = lower(b);
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
const ratingOf = (p) => (p.rating?.count ? p.rating.average : -1);
function byRating(a, b) {
  return ratingOf(b) - ratingOf(a) || (b.rating?.count ?? 0) - (a.rating?.count ?? 0) || byName(a, b);
}
const expected = (filter, order = byName) => api.plugins.filter(filter).sort(order).map((p) => p.name);
const countText = (n) => (n === api.plugins.length ? `${n} plugins` : `${n} of ${api.plugins.length} plugins`);

// ---- Page helpers ----

/** Icons a listing links on another host are listing data, not the theme's requests. */
function assertCleanCatalogue(page) {
  const remote = api.plugins.map((p) => p.icon).filter((u) => u && !u.startsWith(ORIGIN));
  const problems = page.problems.filter((m) => !remote.some((u) => m.includes(u)));
  assert.deepEqual(problems, [], `problems while loading ${page.url()}`);
}

/** Opens /plugins/ (plus a query) and waits until catalogue.js has drawn the cards. */
async function openCatalogue(options = {}, query = '') {
  const page = await openPage(browser, options);
  const res = await page.goto(demo('plugins/') + query, { waitUntil: 'load' });
  assert.equal(res.status(), 200);
  await page.locator('form#catalogue-filters[data-ready="true"]').waitFor({ state: 'attached' });
  return page;
}

const form = (page) => page.getByRole('form', { name: 'Filter plugins' });
const cardNames = (page) => page.locator('#catalogue-results .plugin-card .plugin-name').allTextContents();
const countLine = async (page) => (await page.locator('#catalogue-count').textContent()).trim();
const filterMs = async (page) => Number(await page.locator('#catalogue-filters').getAttribute('data-filter-ms'));
const query = (page) => new URL(page.url()).search;
/** The URL is written just after the new cards are painted: waits for it. */
async function expectQuery(page, q, what) {
  await eventually(async () => query(page) === q);
  assert.equal(query(page), q, what);
}

/** Cards catalogue.js draws at once (then "Show more"), as many as a page without JavaScript. */
const PAGE = 30;
/** Waits until the cards show the first PAGE of `names` (events are async) and checks the count. */
async function expectCards(page, names, what) {
  const first = names.slice(0, PAGE);
  await eventually(async () => JSON.stringify(await cardNames(page)) === JSON.stringify(first));
  assert.deepEqual(await cardNames(page), first, what);
  assert.equal(await page.locator('#catalogue-more').isVisible(), names.length > PAGE, `"Show more" for ${what}`);
  assert.equal(await countLine(page), countText(names.length), `count line for ${what}`);
  const ms = await filterMs(page);
  assert.ok(ms >= 0 && ms < 50, `filter took ${ms} ms`);
}

// ---- Tests ----

test('with JavaScript, the filter form shows and every listing is drawn in name order', TEST, async () => {
  const page = await openCatalogue();
  assert.ok(await form(page).isVisible(), 'the filter form is visible');
  assert.equal(await page.locator('#catalogue-pagination').isVisible(), false, 'the page links give way to the filters');
  const all = expected(() => true);
  await expectCards(page, all, 'all listings');
  assert.equal(await page.locator('#catalogue-count').getAttribute('aria-live'), 'polite', 'the count is announced');
  // "Show more" draws the rest, in the same order, and goes away at the end.
  while (await page.locator('#catalogue-more').isVisible()) await page.locator('#catalogue-more').click();
  assert.deepEqual(await cardNames(page), all, 'every listing after "Show more"');
  await screenshot(page, 'catalogue-list');
  assertCleanCatalogue(page);
  await page.context().close();
});

test('filter by category, host version, licence and official; the URL keeps the state', TEST, async () => {
  const page = await openCatalogue();
  // The category with the most listings.
  const top = [...api.categories].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1))[0];
  await page.getByLabel('Category', { exact: true }).selectOption(top.id);
  await expectCards(page, expected((p) => p.category === top.id), `category ${top.id}`);
  await expectQuery(page, `?category=${top.id}`);
  await page.getByLabel('Category', { exact: true }).selectOption('');

  const host = api.host_versions[0];
  await page.getByLabel('Works with version', { exact: true }).selectOption(host);
  const compatible = expected((p) => p.compatible_hosts[host] !== null);
  assert.ok(compatible.length > 0 && compatible.length < api.plugins.length, 'the host filter is selective');
  await expectCards(page, compatible, `host ${host}`);
  await expectQuery(page, `?host=${encodeURIComponent(host)}`);
  await page.getByLabel('Works with version', { exact: true }).selectOption('');

  await page.getByLabel('Licence', { exact: true }).selectOption('Apache-2.0');
  await expectCards(page, expected((p) => p.licenses.includes('Apache-2.0')), 'licence Apache-2.0');
  await page.getByLabel('Licence', { exact: true }).selectOption('');

  await page.getByLabel('Official', { exact: true }).check();
  const official = expected((p) => p.official);
  assert.ok(official.length > 0);
  await expectCards(page, official, 'official only');
  await expectQuery(page, '?official=1');
  await screenshot(page, 'catalogue-official');

  // Combined with a text filter (name, id, summary or tag).
  await page.getByLabel('Name or summary', { exact: true }).fill('frontend');
  await expectCards(page, expected((p) => p.official &&
    `${p.name} ${p.id} ${p.summary} ${p.tags.join(' ')}`.toLowerCase().includes('frontend')), 'official + "frontend"');
  await expectQuery(page, '?q=frontend&official=1');
  assertCleanCatalogue(page);
  await page.context().close();
});

test('sort by name and by rating', TEST, async () => {
  const page = await openCatalogue();
  await page.getByLabel('Sort by', { exact: true }).selectOption('rating');
  const byRatingNames = expected(() => true, byRating);
  await expectCards(page, byRatingNames, 'sorted by rating');
  assert.notDeepEqual(byRatingNames, expected(() => true), 'rating order differs from name order');
  await expectQuery(page, '?sort=rating');
  await page.getByLabel('Sort by', { exact: true }).selectOption('name');
  await expectCards(page, expected(() => true), 'sorted by name');
  await expectQuery(page, '', 'the default sort is not written to the URL');
  await page.context().close();
});

test('a shared filtered URL opens filtered; Back restores the previous filters', TEST, async () => {
  const top = api.categories.find((c) => c.count > 2);
  const page = await openCatalogue({}, `?category=${top.id}&sort=rating`);
  assert.equal(await page.getByLabel('Category', { exact: true }).inputValue(), top.id);
  assert.equal(await page.getByLabel('Sort by', { exact: true }).inputValue(), 'rating');
  await expectCards(page, expected((p) => p.category === top.id, byRating), 'from the shared URL');

  await page.getByLabel('Verified', { exact: true }).check();
  await expectCards(page, expected((p) => p.category === top.id && p.verified, byRating), 'then verified');
  await expectQuery(page, `?category=${top.id}&verified=1&sort=rating`);

  await page.goBack();
  await expectQuery(page, `?category=${top.id}&sort=rating`, 'Back goes to the previous filter state');
  assert.equal(await page.getByLabel('Verified', { exact: true }).isChecked(), false, 'the form follows Back');
  await expectCards(page, expected((p) => p.category === top.id, byRating), 'after Back');

  // Clear filters: back to everything, and an empty result offers the same way out.
  await page.getByLabel('Name or summary', { exact: true }).fill('no-such-plugin-zzz');
  await eventually(async () => page.locator('#catalogue-empty').isVisible());
  assert.ok(await page.locator('#catalogue-empty').isVisible(), 'an empty result says so');
  assert.equal(await countLine(page), countText(0));
  await page.locator('#catalogue-empty').getByRole('button', { name: 'Clear filters' }).click();
  await expectCards(page, expected(() => true), 'after Clear filters');
  await expectQuery(page, '');
  await page.context().close();
});

test('without JavaScript: the list is paginated, its links work, and cards match the scripted ones', TEST, async () => {
  const all = expected(() => true);
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  ctx.setDefaultTimeout(TIMEOUT_MS);
  const page = await ctx.newPage();
  await page.goto(demo('plugins/'), { waitUntil: 'load' });
  assert.equal(await page.locator('#catalogue-filters').isVisible(), false, 'no filter form without JS');
  const seen = [];
  const firstPage = await cardNames(page);
  const cardText = await page.locator('#catalogue-results .plugin-card').first().innerText();
  for (let n = 1; n <= 10; n++) {
    const names = await cardNames(page);
    assert.ok(names.length > 0, `page ${n} lists plugins`);
    seen.push(...names);
    const next = page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Next' });
    if ((await next.count()) === 0) break;
    // Wait for this link's own target: a pattern like /page/N/ already matches from page 2 on,
    // and would let the loop read the page it is leaving.
    const target = new URL(await next.getAttribute('href'), page.url()).href;
    await next.click();
    await page.waitForURL(target, { waitUntil: 'load', timeout: 30_000 });
  }
  assert.deepEqual(seen, all, 'following Next visits every listing once, in name order');
  await screenshot(page, 'catalogue-nojs-last-page');
  // The last page links back to the first.
  await page.getByRole('link', { name: 'First' }).click();
  await page.waitForURL(demo('plugins/'));
  assert.deepEqual(await cardNames(page), firstPage);
  // A category page works too.
  const cat = api.categories[0];
  await page.getByRole('navigation', { name: 'Plugin categories' }).getByRole('link', { name: new RegExp(`^${cat.title}`) }).click();
  await page.waitForURL(demo(`plugins/category/${cat.id}/`));
  assert.deepEqual(await cardNames(page), expected((p) => p.category === cat.id).slice(0, 30));
  await ctx.close();

  // catalogue.js draws the same card as the build (text as the reader sees it).
  const js = await openCatalogue();
  assert.equal(await js.locator('#catalogue-results .plugin-card').first().innerText(), cardText);
  await js.context().close();
});

test('the install snippet has one copy button, and it copies the command', TEST, async () => {
  const rust = api.plugins.find((p) => p.id === 'lang-rust');
  const page = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(demo('plugins/lang-rust/'), { waitUntil: 'load' });
  const install = page.locator('section.plugin-install');
  const button = install.getByRole('button', { name: /copy/i });
  await button.waitFor();
  assert.equal(await button.count(), 1, 'exactly one copy button for the install command');
  const snippet = (await install.locator('#install-snippet').textContent()).trim();
  assert.match(snippet, /lumen-lang-rust/);
  await button.click();
  await eventually(async () => (await button.textContent()).trim() === 'Copied');
  assert.equal((await button.textContent()).trim(), 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  assert.equal(await page.locator('h1').textContent(), rust.name);
  assertCleanCatalogue(page);
  await screenshot(page, 'catalogue-plugin', { fullPage: true });
  await page.context().close();
});

test('phone width, light and dark: no sideways scrolling, badges are pills, versions scroll in their box', TEST, async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const path of ['plugins/', 'plugins/lang-rust/', 'plugins/stats/']) {
      const page = await openPage(browser, { viewport: { width: 390, height: 844 }, colorScheme });
      await page.goto(demo(path), { waitUntil: 'load' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} (${colorScheme}) scrolls sideways by ${overflow}px`);
      const badge = page.locator('.badge-license').first();
      if (await badge.count()) {
        const style = await badge.evaluate((el) => ({
          display: getComputedStyle(el.closest('ul')).display,
          list: getComputedStyle(el.closest('li')).listStyleType,
        }));
        assert.deepEqual(style, { display: 'flex', list: 'none' }, `badges are inline pills on ${path}`);
      }
      if (path === 'plugins/lang-rust/') {
        const box = page.locator('.plugin-versions .table-scroll');
        const scroll = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
        assert.ok(scroll[0] > scroll[1], 'the versions table scrolls inside its box');
      }
      await screenshot(page, `catalogue-phone-${colorScheme}-${path.replace(/\W+/g, '-')}`);
      await page.context().close();
    }
  }
});
