// Ways a reader finds pages on the bundled hub, shared by the tests so that none of them
// hard-codes a content path beyond the section roots the menu links to.
import assert from 'node:assert/strict';
import { visit } from './harness.mjs';

/** The visible docs sidebar (the desktop one, or the mobile one once its disclosure is open). */
export function sidebar(page) {
  return page.getByRole('navigation', { name: 'Documentation' });
}

/**
 * The visible sidebar as a reader sees it, in reading order: one entry per visible link with
 * its text, resolved URL, nesting depth and aria-current value.
 */
export async function sidebarEntries(page) {
  return sidebar(page).evaluate((nav) => {
    const entries = [];
    for (const a of nav.querySelectorAll('a[href]')) {
      const r = a.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      let depth = 0;
      for (let el = a.parentElement; el && el !== nav; el = el.parentElement) {
        if (el.tagName === 'UL' || el.tagName === 'OL') depth++;
      }
      entries.push({
        text: a.textContent.trim(),
        url: a.href,
        depth,
        current: a.getAttribute('aria-current'),
      });
    }
    return entries;
  });
}

/**
 * Starting from the docs index, clicks top-level sidebar items until one opens a nested folder,
 * then clicks the first page inside it. Returns { folder, child } as sidebar entries; the page
 * is left on the child.
 */
export async function openNestedDoc(page) {
  await visit(page, 'docs/');
  const top = (await sidebarEntries(page)).filter((e) => e.depth === 1);
  assert.ok(top.length > 0, 'the docs sidebar shows no links');
  for (const item of top) {
    await sidebar(page).getByRole('link', { name: item.text, exact: true }).first().click();
    await page.waitForURL(item.url);
    const entries = await sidebarEntries(page);
    const at = entries.findIndex((e) => e.url === item.url);
    const child = entries[at + 1];
    if (child && child.depth > item.depth) {
      await sidebar(page).getByRole('link', { name: child.text, exact: true }).first().click();
      await page.waitForURL(child.url);
      found = { folder: item, child };
      return found;
    }
  }
  assert.fail(`no sidebar folder opened to show nested pages (top level: ${top.map((e) => e.text)})`);
}

let found = null;
/**
 * Like openNestedDoc, but the walk is done once per test file: later calls go straight to the
 * page it found. Returns { folder, child }.
 */
export async function nestedDoc(page) {
  if (!found) {
    found = await openNestedDoc(page);
  } else {
    await visit(page, found.child.url);
  }
  return found;
}

/** The first post on the blog list: { title, url }. Leaves the page on the list. */
export async function firstPost(page) {
  await visit(page, 'blog/');
  const link = page.getByRole('main').getByRole('article').first().getByRole('heading').getByRole('link');
  const title = (await link.textContent()).trim();
  const url = await link.evaluate((a) => a.href);
  return { title, url };
}
