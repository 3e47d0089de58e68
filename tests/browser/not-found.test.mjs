// A missing address: the reader gets the site's 404 page, styled, with a way home.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, visit, site, assertClean, screenshot, TEST } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a missing URL shows the 404 page with a link home', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, 'docs/no/such/page/', { status: 404 });
  const h1 = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
  assert.match(h1, /not found|404/i, `the 404 page says so (h1 "${h1}")`);
  // The theme's stylesheet applies even this deep below the site root.
  const styled = await page.evaluate(() => [...document.styleSheets].some((s) => s.cssRules.length > 10));
  assert.ok(styled, 'the 404 page is styled');
  await screenshot(page, 'not-found');

  const home = page.getByRole('main').getByRole('link').filter({ hasText: /home/i });
  assert.ok((await home.count()) >= 1, 'the 404 page offers a link home');
  assert.equal(await home.first().evaluate((a) => a.href), site(''), 'the link goes to the site root');
  await home.first().click();
  await page.waitForURL(site(''));
  assert.equal(
    await page.evaluate(async () => (await fetch(location.href)).status),
    200,
    'home answers 200',
  );
  assertClean(page);
  await page.context().close();
});
