// Keyboard and assistive-technology basics: the skip link, visible focus, the document
// language, one h1 per page and the page landmarks, checked on every page of the sitemap.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, visit, site, assertClean, BASE_URL, TEST } from './harness.mjs';
import { nestedDoc } from './docs-helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** What has keyboard focus, as a reader would describe it, plus its box and outline. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 60),
      href: el.getAttribute('href'),
      box: { x: r.x, y: r.y, width: r.width, height: r.height },
      inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth),
      boxShadow: cs.boxShadow,
      inMain: !!el.closest('main'),
    };
  });
}

for (const [label, rel] of [['home', ''], ['a doc page', null]]) {
  test(`first Tab focuses a visible skip link that moves focus to main (${label})`, TEST, async () => {
    const page = await openPage(browser);
    if (rel === null) await nestedDoc(page);
    else await visit(page, rel);
    // Start from a freshly loaded page, as a keyboard user arriving on it.
    await page.reload();
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    assert.ok(skip, 'the first Tab focuses something');
    assert.match(skip.text, /skip/i, `the first Tab focuses the skip link (got ${JSON.stringify(skip)})`);
    assert.ok(skip.inViewport, `the focused skip link is visible on screen: ${JSON.stringify(skip.box)}`);
    const linkLabel = await page.getByRole('link', { name: skip.text }).isVisible();
    assert.ok(linkLabel, 'the skip link is exposed as a link with its text');

    await page.keyboard.press('Enter');
    const target = decodeURIComponent(skip.href.replace(/^.*#/, ''));
    const now = await focused(page);
    assert.ok(now && now.tag === 'main' && now.id === target, `Enter moves focus to <main> (got ${JSON.stringify(now)})`);
    // The next Tab continues inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    const after = await focused(page);
    assert.ok(after?.inMain, `the Tab after skipping lands inside main (got ${JSON.stringify(after)})`);
    await page.context().close();
  });
}

test('keyboard focus is visible on every focusable element of a doc page', TEST, async () => {
  const page = await openPage(browser);
  await nestedDoc(page);
  await page.reload();
  const seen = [];
  const problems = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) break; // focus left the document: the whole page has been walked
    const key = `${f.tag} ${f.href ?? ''} ${f.text} ${f.box.x},${f.box.y}`;
    if (seen.includes(key)) break;
    seen.push(key);
    const outlined = f.outlineStyle !== 'none' && f.outlineWidth > 0;
    const shadowed = f.boxShadow && f.boxShadow !== 'none';
    if (!outlined && !shadowed) problems.push(`no focus indicator on ${f.tag} "${f.text}" (outline ${f.outlineStyle} ${f.outlineWidth}px)`);
    if (f.box.width === 0 || f.box.height === 0) problems.push(`focus on an invisible ${f.tag} "${f.text}"`);
  }
  assert.ok(seen.length >= 10, `Tab reaches the page's links (${seen.length} stops)`);
  assert.ok(seen.some((k) => k.startsWith('a ')), 'a link receives focus');
  assert.deepEqual(problems, [], 'focused elements without a visible focus indicator');
  await page.context().close();
});

test('every page in the sitemap has a language, one h1 and the page landmarks', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, 'sitemap.xml');
  const urls = await page.evaluate(async () => {
    const text = await (await fetch(location.href)).text();
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) throw new Error('sitemap.xml does not parse');
    return [...doc.getElementsByTagNameNS('*', 'loc')].map((l) => l.textContent.trim());
  });
  assert.ok(urls.length >= 5, `the sitemap lists the pages (${urls.length})`);
  const pages = urls.map((url) => [url, 200]);
  pages.push([site('this/page/does/not/exist/'), 404]); // the 404 page too

  const problems = [];
  for (const [url, expected] of pages) {
    if (!url.startsWith(BASE_URL)) {
      problems.push(`${url}: listed in the sitemap but not under ${BASE_URL}`);
      continue;
    }
    const status = (await page.goto(url))?.status();
    if (status !== expected) {
      problems.push(`${url}: HTTP ${status}`);
      continue;
    }
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      h1: document.querySelectorAll('h1').length,
    }));
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(facts.lang)) problems.push(`${url}: <html lang="${facts.lang}">`);
    if (facts.h1 !== 1) problems.push(`${url}: ${facts.h1} h1 elements`);
    const count = async (role) => page.getByRole(role).count();
    const [banner, navs, main, footer] = await Promise.all(
      ['banner', 'navigation', 'main', 'contentinfo'].map(count),
    );
    if (banner !== 1) problems.push(`${url}: ${banner} header (banner) landmarks`);
    if (navs < 1) problems.push(`${url}: no navigation landmark`);
    if (main !== 1) problems.push(`${url}: ${main} main landmarks`);
    if (footer !== 1) problems.push(`${url}: ${footer} footer (contentinfo) landmarks`);
    // Several navigation landmarks must be told apart by their names.
    const names = await page.getByRole('navigation').evaluateAll((navs) =>
      navs.map((n) => n.getAttribute('aria-label') || (n.getAttribute('aria-labelledby') && document.getElementById(n.getAttribute('aria-labelledby'))?.textContent.trim()) || ''),
    );
    if (names.length > 1 && (names.includes('') || new Set(names).size !== names.length)) {
      problems.push(`${url}: navigation landmarks without distinct names: ${JSON.stringify(names)}`);
    }
  }
  assert.deepEqual(problems, [], 'pages missing a language, a single h1 or landmarks');
  assertClean(page);
  await page.context().close();
});
