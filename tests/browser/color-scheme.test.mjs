// The reader's colour scheme: a dark page for 'dark', a light one for 'light', with readable
// text and links in both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, site, assertClean, screenshot, luminance, TEST } from './harness.mjs';
import { nestedDoc } from './docs-helpers.mjs';

let browser;
let docUrl;
before(async () => {
  browser = await launch();
  const page = await openPage(browser);
  docUrl = (await nestedDoc(page)).child.url;
  await page.context().close();
});
after(async () => {
  await browser?.close();
});

/** WCAG contrast ratio of two relative luminances. */
const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** Background and text colours a reader sees on the page body, its main text and a link. */
async function colours(page) {
  return page.evaluate(() => {
    const bg = (el) => {
      for (; el; el = el.parentElement) {
        const c = getComputedStyle(el).backgroundColor;
        if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) return c;
      }
      return 'rgb(255, 255, 255)'; // the canvas default
    };
    const p = document.querySelector('main p') ?? document.querySelector('main');
    const a = document.querySelector('main .content a[href], main a[href]');
    return {
      body: bg(document.body),
      text: getComputedStyle(p).color,
      textBg: bg(p),
      link: a ? getComputedStyle(a).color : null,
      linkBg: a ? bg(a) : null,
    };
  });
}

for (const scheme of ['dark', 'light']) {
  test(`with colorScheme '${scheme}' the page is ${scheme} and readable`, TEST, async () => {
    const page = await openPage(browser, { colorScheme: scheme });
    for (const url of [site(''), docUrl]) {
      await page.goto(url);
      const c = await colours(page);
      const bodyLum = luminance(c.body);
      if (scheme === 'dark') assert.ok(bodyLum < 0.1, `${url}: body background ${c.body} is dark (luminance ${bodyLum.toFixed(3)})`);
      else assert.ok(bodyLum > 0.8, `${url}: body background ${c.body} is light (luminance ${bodyLum.toFixed(3)})`);
      const textContrast = contrast(luminance(c.text), luminance(c.textBg));
      assert.ok(textContrast >= 4.5, `${url}: text ${c.text} on ${c.textBg} has contrast ${textContrast.toFixed(2)} >= 4.5`);
      if (c.link) {
        const linkContrast = contrast(luminance(c.link), luminance(c.linkBg));
        assert.ok(linkContrast >= 4.5, `${url}: link ${c.link} on ${c.linkBg} has contrast ${linkContrast.toFixed(2)} >= 4.5`);
      }
    }
    await screenshot(page, `${scheme}-doc`);
    assertClean(page);
    await page.context().close();
  });
}
