// Navigation as a reader does it: the main menu, the docs sidebar, previous/next, breadcrumbs,
// the table of contents, and every link on a sample of pages leading somewhere real.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, visit, site, assertClean, screenshot, collectUrls, fetchStatus,
  inViewport, eventually, ORIGIN, BASE_URL, BASE_PATH, TEST,
} from './harness.mjs';
import { sidebar, sidebarEntries, openNestedDoc, nestedDoc, firstPost } from './docs-helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const mainMenu = (page) => page.getByRole('navigation', { name: 'Main' });

test('home loads with a title, a heading and the main menu', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, '');
  assert.match(await page.title(), /\S/, 'the document has a title');
  await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor(), 'an h1 is visible');
  const menu = mainMenu(page);
  await menu.waitFor();
  const items = (await menu.getByRole('link').allTextContents()).map((s) => s.trim());
  assert.ok(items.includes('Docs'), `main menu lists Docs: ${items}`);
  assert.ok(items.length >= 3, `main menu has its items: ${items}`);
  await screenshot(page, 'home');
  assertClean(page);
  await page.context().close();
});

test('clicking Docs in the menu lands on the docs index, marked current in the menu', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, '');
  await mainMenu(page).getByRole('link', { name: 'Docs', exact: true }).click();
  await page.waitForURL(site('docs/'));
  await page.getByRole('heading', { level: 1 }).waitFor();
  const current = await mainMenu(page).evaluate((nav) =>
    [...nav.querySelectorAll('a')]
      .filter((a) => (a.getAttribute('aria-current') ?? 'false') !== 'false')
      .map((a) => a.textContent.trim()),
  );
  assert.deepEqual(current, ['Docs'], 'only Docs is marked aria-current in the main menu');
  await sidebar(page).waitFor();
  assertClean(page);
  await page.context().close();
});

test('the docs sidebar shows nested folders and marks the current page; its links navigate', TEST, async () => {
  const page = await openPage(browser);
  const { folder, child } = await openNestedDoc(page);
  assert.equal(page.url(), child.url, 'clicking a nested sidebar link navigated to it');
  const h1 = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
  assert.equal(h1, child.text, 'the page heading matches the sidebar link the reader clicked');

  const entries = await sidebarEntries(page);
  const folderEntry = entries.find((e) => e.url === folder.url);
  const childEntry = entries.find((e) => e.url === child.url);
  assert.ok(folderEntry, `the folder ${folder.text} is still shown`);
  assert.ok(childEntry && childEntry.depth > folderEntry.depth, 'the page is shown nested in its folder');
  const current = entries.filter((e) => e.current !== null);
  assert.deepEqual(
    current.map((e) => [e.text, e.current]),
    [[child.text, 'page']],
    'exactly the current page is marked aria-current="page" in the sidebar',
  );
  await screenshot(page, 'doc');
  assertClean(page);
  await page.context().close();
});

test('previous/next links walk the docs in sidebar order', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, 'docs/');
  const next = () => page.getByRole('main').getByRole('link', { name: /^\W*Next\b/ });
  const prev = () => page.getByRole('main').getByRole('link', { name: /^\W*Previous\b/ });
  assert.equal(await prev().count(), 0, 'the docs index has no Previous link');

  const chain = [page.url()];
  const sidebars = new Map();
  for (let i = 0; i < 60 && (await next().count()) > 0; i++) {
    const from = page.url();
    sidebars.set(from, await sidebarEntries(page));
    await next().click();
    await page.waitForURL((u) => u.href !== from);
    chain.push(page.url());
    // The page we came from is this page's Previous.
    assert.equal(await prev().evaluate((a) => a.href), from, `Previous on ${page.url()} leads back`);
    const current = (await sidebarEntries(page)).filter((e) => e.current === 'page');
    assert.deepEqual(current.map((e) => e.url), [page.url()], `sidebar marks ${page.url()} current`);
  }
  sidebars.set(page.url(), await sidebarEntries(page));
  assert.ok(chain.length >= 3, `following Next visits several pages: ${chain}`);
  assert.equal(new Set(chain).size, chain.length, `Next never revisits a page: ${chain}`);

  // Every docs page any sidebar shows is on the Next chain, and the chain visits the pages in
  // the order every sidebar lists them.
  for (const [at, entries] of sidebars) {
    const shown = entries.map((e) => e.url);
    for (const url of shown) assert.ok(chain.includes(url), `${url} (in the sidebar on ${at}) is reachable by Next`);
    const order = shown.map((url) => chain.indexOf(url));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `sidebar order on ${at} matches Next order`);
  }

  // And Previous goes back.
  const last = page.url();
  await prev().click();
  await page.waitForURL((u) => u.href !== last);
  assert.equal(page.url(), chain[chain.length - 2], 'clicking Previous goes back one page');
  assertClean(page);
  await page.context().close();
});

test('breadcrumbs link back up to the folder and the docs index', TEST, async () => {
  const page = await openPage(browser);
  const { folder } = await nestedDoc(page);
  const here = page.url();
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await crumbs.waitFor();
  const links = await crumbs.getByRole('link').evaluateAll((as) =>
    as.map((a) => ({ text: a.textContent.trim(), url: a.href, current: a.getAttribute('aria-current') })),
  );
  const up = links.filter((l) => l.current === null);
  assert.ok(up.length >= 2, `breadcrumbs show the docs index and the folder: ${JSON.stringify(links)}`);
  for (const l of up) {
    assert.ok(here.startsWith(l.url) && here !== l.url, `crumb ${l.text} (${l.url}) is above ${here}`);
  }
  assert.equal(up[up.length - 1].url, folder.url, 'the last crumb above the page is its folder');

  await crumbs.getByRole('link', { name: up[up.length - 1].text, exact: true }).click();
  await page.waitForURL(folder.url);
  assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), folder.text);

  const top = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: up[0].text, exact: true });
  await top.click();
  await page.waitForURL(up[0].url);
  assert.equal(page.url(), site('docs/'), 'the first crumb is the docs index');
  assertClean(page);
  await page.context().close();
});

test('table of contents links jump to their headings', TEST, async () => {
  const page = await openPage(browser);
  await nestedDoc(page);
  const toc = page.getByRole('complementary', { name: 'On this page' });
  await toc.waitFor();
  const entries = await toc.getByRole('link').evaluateAll((as) =>
    as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })),
  );
  assert.ok(entries.length >= 2, `the TOC lists headings: ${JSON.stringify(entries)}`);
  const missing = [];
  // Last entry first, so each jump really has to scroll.
  for (const entry of [...entries].reverse()) {
    assert.match(entry.href, /^#./, `TOC link ${entry.text} is a fragment`);
    const id = decodeURIComponent(entry.href.slice(1));
    await toc.getByRole('link', { name: entry.text, exact: true }).click();
    await eventually(async () => new URL(page.url()).hash === entry.href);
    assert.equal(new URL(page.url()).hash, entry.href, `clicking ${entry.text} sets the URL hash`);
    const target = page.locator(`[id="${id.replace(/"/g, '\\"')}"]`);
    if ((await target.count()) !== 1) {
      missing.push(`${entry.href} (${entry.text})`);
      continue;
    }
    assert.ok(await eventually(() => inViewport(target)), `heading ${entry.href} is scrolled into view`);
    const text = (await target.textContent()).trim();
    assert.ok(text.includes(entry.text), `the heading at ${entry.href} reads "${entry.text}" (got "${text}")`);
  }
  assert.deepEqual(missing, [], `TOC entries with no heading of that id on ${page.url()}`);
  await page.context().close();
});

test('every link on a sample of pages resolves, and internal URLs are under the base path', TEST, async () => {
  const page = await openPage(browser);
  const samples = [site('')];
  await nestedDoc(page);
  samples.push(page.url());
  const post = await firstPost(page);
  samples.push(site('blog/'), post.url);
  await page.goto(post.url);
  const tagUrl = await page
    .getByRole('main')
    .getByRole('list', { name: 'Tags' })
    .getByRole('link')
    .first()
    .evaluate((a) => a.href);
  samples.push(tagUrl);

  const problems = [];
  const statusOf = new Map();
  const fragments = []; // [document URL, id, where the link is]
  for (const url of samples) {
    await visit(page, url);
    for (const u of await collectUrls(page)) {
      const where = `${u.kind} ${JSON.stringify(u.raw)} ("${u.text}") on ${url}`;
      if (u.resolved === null) {
        problems.push(`unresolvable ${where}`);
        continue;
      }
      const target = new URL(u.resolved);
      if (target.origin !== ORIGIN) {
        if (!['http:', 'https:', 'mailto:'].includes(target.protocol)) problems.push(`scheme ${target.protocol} in ${where}`);
        continue;
      }
      if (u.kind === 'form') continue; // checked by the search test below
      if (!(u.raw.startsWith(BASE_PATH) || u.raw.startsWith(BASE_URL) || u.raw.startsWith('#'))) {
        problems.push(`internal URL not under ${BASE_PATH}: ${where}`);
      }
      if (!target.pathname.startsWith(BASE_PATH)) problems.push(`outside ${BASE_PATH}: ${where}`);
      const doc = target.origin + target.pathname + target.search;
      if (!statusOf.has(doc)) statusOf.set(doc, await fetchStatus(doc));
      if (statusOf.get(doc) !== 200) problems.push(`HTTP ${statusOf.get(doc)} for ${where}`);
      if (target.hash.length > 1) fragments.push([doc, decodeURIComponent(target.hash.slice(1)), where]);
    }
  }
  // Fragments must name an element on the target page.
  const ids = new Map();
  for (const [doc, id, where] of fragments) {
    if (statusOf.get(doc) !== 200) continue;
    if (!ids.has(doc)) {
      await page.goto(doc);
      ids.set(doc, new Set(await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id))));
    }
    if (!ids.get(doc).has(id)) problems.push(`no element with id "${id}" for ${where}`);
  }
  assert.ok(statusOf.size >= 10, `the sample pages link to many pages (${statusOf.size})`);
  assert.deepEqual([...new Set(problems)], [], 'links that do not lead where a reader expects');
  await page.context().close();
});

test('the search form leads to a page that exists', TEST, async (t) => {
  const page = await openPage(browser);
  await visit(page, '');
  const form = page.getByRole('search').first();
  if ((await form.count()) === 0) {
    t.skip('the site shows no search form');
    await page.context().close();
    return;
  }
  // search.js turns the searchbox into a combobox; either way it is the field named q.
  await form.locator('input[name=q]').fill('theme');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()),
    form.getByRole('button', { name: 'Search' }).click(),
  ]);
  await page.waitForLoadState('load');
  const target = new URL(page.url());
  assert.ok(target.pathname.startsWith(BASE_PATH), `search goes to ${target.pathname}, under ${BASE_PATH}`);
  assert.equal(response?.status(), 200, `search results page ${page.url()}`);
  await page.context().close();
});
