// The blog as a reader finds it: the list newest first with dates, a post with its reading
// time and tags, the tag page listing the post, and feeds that exist and parse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, visit, site, assertClean, BASE_URL, TEST } from './harness.mjs';
import { firstPost } from './docs-helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The posts on the current list page: title, URL, machine date and the date a reader reads. */
async function listedPosts(page) {
  return page
    .getByRole('main')
    .getByRole('article')
    .evaluateAll((articles) =>
      articles.map((article) => {
        const link = article.querySelector('h2 a, h3 a');
        const time = article.querySelector('time');
        return {
          title: link?.textContent.trim() ?? null,
          url: link?.href ?? null,
          datetime: time?.getAttribute('datetime') ?? null,
          shownDate: time && time.getBoundingClientRect().width > 0 ? time.textContent.trim() : null,
        };
      }),
    );
}

test('the blog list shows posts newest first, each with a date', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, 'blog/');
  const posts = [];
  // Follow the list's pagination, if any (bounded).
  for (let i = 0; i < 20; i++) {
    posts.push(...(await listedPosts(page)));
    const next = page.getByRole('main').getByRole('link', { name: /^\W*(Next|Older)\b/ });
    if ((await next.count()) === 0) break;
    const from = page.url();
    await next.first().click();
    await page.waitForURL((u) => u.href !== from);
  }
  assert.ok(posts.length >= 2, `the blog lists its posts: ${JSON.stringify(posts)}`);
  for (const p of posts) {
    assert.ok(p.title && p.url, `each post has a title link: ${JSON.stringify(p)}`);
    assert.ok(p.shownDate && /\d/.test(p.shownDate), `${p.title} shows its date (${p.shownDate})`);
    assert.ok(!Number.isNaN(Date.parse(p.datetime)), `${p.title} has a machine-readable date (${p.datetime})`);
  }
  const times = posts.map((p) => Date.parse(p.datetime));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), `newest first: ${posts.map((p) => `${p.datetime} ${p.title}`).join(' | ')}`);
  assertClean(page);
  await page.context().close();
});

test('a post shows its date, reading time and tags, and its tag page lists it', TEST, async () => {
  const page = await openPage(browser);
  const post = await firstPost(page);
  await page.getByRole('main').getByRole('link', { name: post.title, exact: true }).click();
  await page.waitForURL(post.url);
  const main = page.getByRole('main');
  assert.equal((await main.getByRole('heading', { level: 1 }).textContent()).trim(), post.title);
  await main.getByText(/\b\d+\s*min(ute)?s?\s+read\b/i).first().waitFor();
  assert.ok(await main.locator('time').first().isVisible(), 'the post shows its date');

  const tags = main.getByRole('list', { name: 'Tags' }).getByRole('link');
  const tagNames = (await tags.allTextContents()).map((t) => t.trim());
  assert.ok(tagNames.length >= 1, 'the post shows its tags');
  const tag = tagNames[0];
  await tags.filter({ hasText: tag }).first().click();
  await page.waitForURL((u) => u.href !== post.url);
  assert.match(
    (await page.getByRole('heading', { level: 1 }).textContent()).trim(),
    new RegExp(tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'),
    'the tag page is titled with the tag',
  );
  const listed = page.getByRole('main').getByRole('link', { name: post.title, exact: true });
  assert.equal(await listed.first().evaluate((a) => a.href), post.url, 'the tag page lists the post');
  assertClean(page);
  await page.context().close();
});

test('feed links in the head point to feeds that exist and parse', TEST, async () => {
  const page = await openPage(browser);
  await visit(page, '');
  const results = await page.evaluate(async () => {
    const out = [];
    for (const link of document.querySelectorAll('head link[rel~="alternate"][type]')) {
      const type = link.getAttribute('type');
      const r = { type, href: link.href, title: link.title };
      try {
        const res = await fetch(link.href);
        r.status = res.status;
        r.contentType = res.headers.get('content-type');
        const text = await res.text();
        if (type.includes('json')) {
          const feed = JSON.parse(text);
          r.root = feed.version;
          r.items = (feed.items ?? []).map((i) => i.url);
        } else {
          const doc = new DOMParser().parseFromString(text, 'application/xml');
          const err = doc.querySelector('parsererror');
          r.parseError = err ? err.textContent.slice(0, 200) : null;
          r.root = doc.documentElement.localName;
          r.items = [...doc.querySelectorAll('entry > link[href]')].map((l) => l.getAttribute('href'))
            .concat([...doc.querySelectorAll('item > link')].map((l) => l.textContent.trim()));
        }
      } catch (e) {
        r.error = String(e);
      }
      out.push(r);
    }
    return out;
  });
  assert.ok(results.length >= 1, 'the head links at least one feed');
  for (const r of results) {
    const what = `${r.title} (${r.type}) ${r.href}`;
    assert.equal(r.error, undefined, `${what}: ${r.error}`);
    assert.equal(r.status, 200, `${what} exists`);
    assert.ok(r.href.startsWith(BASE_URL), `${what} is under the site's base URL`);
    if (r.type.includes('json')) {
      assert.match(String(r.root), /^https:\/\/jsonfeed\.org\/version\//, `${what} is a JSON Feed`);
    } else {
      assert.equal(r.parseError, null, `${what} parses as XML`);
      const expected = r.type.includes('atom') ? 'feed' : 'rss';
      assert.equal(r.root, expected, `${what} has a <${expected}> root`);
    }
    assert.ok(r.items.length >= 1, `${what} has entries`);
    for (const item of r.items) {
      assert.ok(item.startsWith(BASE_URL), `${what}: entry link ${item} is an absolute URL under ${BASE_URL}`);
      const res = await fetch(item, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 200, `${what}: entry ${item} exists`);
    }
  }
  assertClean(page);
  await page.context().close();
});
