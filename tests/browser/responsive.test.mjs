// A phone-sized screen (390×844): the docs sidebar and the site menu fold into disclosures
// that open on a tap, and no page scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, visit, site, assertClean, screenshot, TEST } from './harness.mjs';
import { sidebar, sidebarEntries, nestedDoc, firstPost } from './docs-helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Finds a doc page at desktop size (so the walk can use the visible sidebar); returns its URL. */
async function nestedDocUrl() {
  const page = await openPage(browser);
  const { child } = await nestedDoc(page);
  await page.context().close();
  return child.url;
}

test('on a phone the docs sidebar is a collapsed disclosure that opens on a tap', TEST, async () => {
  const url = await nestedDocUrl();
  const page = await openPage(browser, PHONE);
  await page.goto(url);
  assert.equal(await sidebar(page).count(), 0, 'no docs navigation is shown before the reader opens it');
  const disclosure = page.locator('summary').filter({ hasText: 'Documentation' });
  assert.ok(await disclosure.isVisible(), 'a "Documentation" disclosure is shown instead');
  await screenshot(page, 'mobile-doc');

  await disclosure.tap();
  await sidebar(page).waitFor({ state: 'visible' });
  const entries = await sidebarEntries(page);
  assert.ok(entries.length >= 2, `the opened disclosure lists the docs: ${JSON.stringify(entries)}`);
  assert.deepEqual(
    entries.filter((e) => e.current !== null).map((e) => [e.url, e.current]),
    [[url, 'page']],
    'the current page is marked in the opened sidebar',
  );
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= PHONE.viewport.width, `the opened sidebar fits the screen (scrollWidth ${width})`);
  await screenshot(page, 'mobile-doc-sidebar-open');

  // A sidebar link works from the opened disclosure.
  const other = entries.find((e) => e.current === null);
  await sidebar(page).getByRole('link', { name: other.text, exact: true }).first().tap();
  await page.waitForURL(other.url);
  assertClean(page);
  await page.context().close();
});

test('on a phone the site menu is behind a Menu button that opens it', TEST, async () => {
  const page = await openPage(browser, PHONE);
  await visit(page, '');
  const menu = page.getByRole('navigation', { name: 'Main' });
  const button = page.getByRole('button', { name: 'Menu' });
  assert.ok(await button.isVisible(), 'a Menu button is shown');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await menu.isVisible(), false, 'the menu is folded away until opened');
  await button.tap();
  await menu.waitFor({ state: 'visible' });
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const docs = menu.getByRole('link', { name: 'Docs', exact: true });
  assert.ok(await docs.isVisible(), 'the opened menu shows Docs');
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= PHONE.viewport.width, `the opened menu fits the screen (scrollWidth ${width})`);
  await screenshot(page, 'mobile-home-menu-open');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  assertClean(page);
  await page.context().close();
});

test('on a phone no page scrolls sideways (home, a doc, a blog post)', TEST, async () => {
  const docUrl = await nestedDocUrl();
  const page = await openPage(browser, PHONE);
  const { url: postUrl } = await firstPost(page);
  const wide = [];
  for (const url of [site(''), docUrl, postUrl]) {
    await page.goto(url);
    // With mobile emulation Chromium widens the layout viewport (and innerWidth) to fit content
    // that sticks out, so the bound is the screen width the reader has, not innerWidth alone.
    const m = await page.evaluate((screenWidth) => ({
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth: Math.min(window.innerWidth, screenWidth),
      // What sticks out, to say what to fix.
      culprits: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > screenWidth + 0.5)
        .filter((el) => !el.closest('pre, table, .visually-hidden'))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`),
    }), PHONE.viewport.width);
    if (m.scrollWidth > m.innerWidth) wide.push(`${url}: scrollWidth ${m.scrollWidth} > ${m.innerWidth} (${m.culprits.join(', ')})`);
  }
  await screenshot(page, 'mobile-post');
  assert.deepEqual(wide, [], 'pages wider than the phone screen');
  assertClean(page);
  await page.context().close();
});
