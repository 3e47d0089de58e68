// Search as a reader uses it on the bundled hub: the box in the header (a combobox), keyboard
// navigation into a sub-result that lands on its heading, and the /search/ page with ?q= and
// section filters; on the demo hub, plugin listings among the results and the plugin-category
// filter. Runs in tests/browser's harness (headless Debian Chromium, the hub served
// under /hub/):  tests/browser/run.sh BUILD_DIR "$PWD/tests/search/browser/search_box.browser.mjs"
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, visit, site, demo, assertClean, screenshot, inViewport, eventually, TEST } from '../../browser/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const box = (page) => page.getByRole('combobox').first();
const options = (page) => page.getByRole('option');

test('"/" focuses the search box; typing lists results as a combobox', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, 'docs/');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox');
  await page.keyboard.type('markdow');  // a prefix: results appear while typing
  await options(page).first().waitFor();
  const input = box(page);
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const listbox = page.locator('#' + (await input.getAttribute('aria-controls')));
  assert.equal(await listbox.getAttribute('role'), 'listbox');
  const first = await options(page).first().getAttribute('data-href');
  assert.equal(first, site('docs/guides/markdown/').replace(/^https?:\/\/[^/]+/, ''), 'the Markdown guide ranks first');
  assert.ok((await page.locator('.search-popup mark').count()) > 0, 'matches are highlighted');
  await screenshot(page, 'search-dropdown');
  await page.keyboard.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assertClean(page);
  await page.context().close();
});

test('arrow keys reach a sub-result; Enter lands on its heading', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, '');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('search index ');
  await options(page).first().waitFor();
  const hrefs = await options(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-href')));
  const sub = hrefs.findIndex((h) => h.includes('#'));
  assert.ok(sub >= 0, `a sub-result links into a page: ${hrefs}`);
  for (let i = 0; i <= sub; i++) await page.keyboard.press('ArrowDown');
  const input = box(page);
  const active = await input.getAttribute('aria-activedescendant');
  assert.equal(await page.locator('#' + active).getAttribute('aria-selected'), 'true');
  await Promise.all([page.waitForURL((u) => u.hash.length > 1), page.keyboard.press('Enter')]);
  const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const heading = page.locator(`[id="${id}"]`);
  assert.equal(await heading.count(), 1, `the page has the heading #${id}`);
  assert.ok(await eventually(() => inViewport(heading)), 'the heading is scrolled into view');
  assertClean(page);
  await page.context().close();
});

test('the search page reads ?q=, filters by section and keeps the URL in step', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, 'search/?q=theme');
  await page.locator('.search-result').first().waitFor();
  assert.match(await page.locator('.search-summary').textContent(), /results? for “theme”/);
  const docs = page.getByRole('button', { name: /^Docs \(\d+\)$/ });
  await docs.click();
  assert.ok(await eventually(() => /[?&]section=docs/.test(page.url())), `URL has the filter: ${page.url()}`);
  assert.equal(await docs.getAttribute('aria-pressed'), 'true');
  const input = page.locator('#search-page input');
  await input.fill('"search index"');
  assert.ok(await eventually(() => /q=%22search\+index%22/.test(page.url())), `URL has the query: ${page.url()}`);
  await page.locator('.search-result').first().waitFor();
  await screenshot(page, 'search-page');
  assertClean(page);
  await page.context().close();
});

test('plugin listings are results, filterable by plugin category (demo hub)', TEST, async () => {
  const page = await openPage(browser);
  await page.goto(demo('search/?q=frontend'), { waitUntil: 'load' });
  await page.locator('.search-result').first().waitFor();
  const plugins = page.getByRole('button', { name: /^Plugins \(\d+\)$/ });
  assert.equal(await plugins.count(), 1, 'a Plugins section chip');
  const languages = page.getByRole('button', { name: /^Languages \(\d+\)$/ });
  assert.equal(await languages.count(), 1, 'a chip for the Languages plugin category');
  const wanted = Number((await languages.textContent()).match(/\((\d+)\)/)[1]);
  await languages.click();
  assert.ok(await eventually(() => /[?&]category=/.test(page.url())), `URL has the category: ${page.url()}`);
  assert.ok(await eventually(async () => (await page.locator('.search-result').count()) === Math.min(wanted, 10)));
  const metas = await page.locator('.search-result .search-meta').allTextContents();
  assert.ok(metas.length > 0 && metas.every((m) => /Languages/.test(m)), `every result is a Languages plugin: ${metas}`);
  const hrefs = await page.locator('.search-result a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.some((h) => h.endsWith('/plugins/lang-rust/')), `Rust frontend is among them: ${hrefs}`);
  await screenshot(page, 'search-page-plugins');
  assertClean(page);
  await page.context().close();
});
