// Shared helpers for the browser tests: the site under test, launching Debian's Chromium through
// playwright-core, pages that record what went wrong, screenshots, and link fetching.
//
// run.sh sets AGORA_BROWSER_BASE_URL (the built hub, served under a subpath, e.g.
// http://127.0.0.1:PORT/hub/), AGORA_BROWSER_DEMO_URL (the demo hub with the plugin catalogue,
// same origin, e.g. http://127.0.0.1:PORT/demo/) and AGORA_BROWSER_SCREENSHOTS (a folder for
// screenshots).
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

export const BASE_URL = process.env.AGORA_BROWSER_BASE_URL ?? '';
if (!/^http:\/\/127\.0\.0\.1:\d+\/.*\/$/.test(BASE_URL)) {
  throw new Error(
    'AGORA_BROWSER_BASE_URL must be the served site, e.g. http://127.0.0.1:8000/hub/ (run the tests through run.sh)',
  );
}
/** The site's origin (http://127.0.0.1:PORT) and base path (/hub/). */
export const ORIGIN = new URL(BASE_URL).origin;
export const BASE_PATH = new URL(BASE_URL).pathname;
export const SCREENSHOTS = process.env.AGORA_BROWSER_SCREENSHOTS ?? '';

/** Absolute URL of a path inside the site: site('docs/') → http://127.0.0.1:PORT/hub/docs/. */
export function site(rel = '') {
  return new URL(rel.replace(/^\//, ''), BASE_URL).href;
}

/** The demo hub (examples/demo-hub), served beside the hub on the same origin. */
export const DEMO_URL = process.env.AGORA_BROWSER_DEMO_URL ?? '';

/** Absolute URL of a path inside the demo hub: demo('plugins/') → http://127.0.0.1:PORT/demo/plugins/. */
export function demo(rel = '') {
  if (!DEMO_URL) throw new Error('AGORA_BROWSER_DEMO_URL is not set (run the tests through run.sh)');
  return new URL(rel.replace(/^\//, ''), DEMO_URL).href;
}

/** Bounded waits: nothing in these tests should take long on a local static site. */
export const TIMEOUT_MS = 10_000;
/** Options for every test(): a bound on each test (the whole run is bounded by run.sh). */
export const TEST = { timeout: 60_000 };

/**
 * Starts Debian's /usr/bin/chromium for one test file. playwright-core refuses a --user-data-dir
 * argument; it gives every browser it starts a fresh profile folder of its own under the temp
 * dir (run.sh points TMPDIR at its own temp folder) and deletes it on close.
 */
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * A new context and page. Options go to browser.newContext (viewport, colorScheme, ...).
 * The page records uncaught script errors, console errors, failed or 4xx/5xx subresources and
 * requests to other origins, so a test can assert that the reader's page loaded cleanly
 * (assertClean).
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  context.setDefaultNavigationTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('console', (msg) => {
    // Failed loads are reported by the response handler below, with their URL.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    const req = res.request();
    // The document itself may be a deliberate 404; its subresources may not.
    if (res.status() >= 400 && req.resourceType() !== 'document') {
      problems.push(`HTTP ${res.status()} for ${req.resourceType()} ${req.url()}`);
    }
  });
  page.on('request', (req) => {
    if (new URL(req.url()).origin !== ORIGIN && !req.url().startsWith('data:')) {
      problems.push(`request to another origin: ${req.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // A navigation cancels the previous page's pending loads (net::ERR_ABORTED): not a fault.
    const error = req.failure()?.errorText ?? '';
    if (!error.includes('ERR_ABORTED')) problems.push(`request failed (${error}): ${req.url()}`);
  });
  page.problems = problems;
  return page;
}

/** Navigates to a site path (or an absolute URL) and asserts the document answered `status` (200 unless told). */
export async function visit(page, rel, { status = 200 } = {}) {
  const response = await page.goto(/^https?:/.test(rel) ? rel : site(rel), { waitUntil: 'load' });
  assert.ok(response, `no response for ${rel}`);
  assert.equal(response.status(), status, `HTTP status of ${response.url()}`);
  return response;
}

/** Asserts the page had no script errors, console errors or failed/404 subresources. */
export function assertClean(page) {
  assert.deepEqual(page.problems, [], `problems while loading ${page.url()}`);
}

/**
 * Saves what the reader's screen shows as NAME.png when a screenshot folder is set (the first
 * screenful; { fullPage: true } for the whole page); returns its path.
 */
export async function screenshot(page, name, { fullPage = false } = {}) {
  if (!SCREENSHOTS) return null;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}

/** GETs a URL from the local server (no redirects followed) with a bounded timeout. */
export async function fetchStatus(url) {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Every URL a reader's browser may follow or load on the current page: links, link elements,
 * scripts, images and form actions, each with its raw attribute and resolved URL.
 */
export async function collectUrls(page) {
  return page.evaluate(() => {
    const out = [];
    const add = (el, attr, kind) => {
      const raw = el.getAttribute(attr);
      if (raw === null) return;
      let resolved = null;
      try {
        resolved = new URL(raw, document.baseURI).href;
      } catch {
        /* left null: reported as unresolvable */
      }
      out.push({ kind, raw, resolved, text: (el.textContent || '').trim().slice(0, 60) });
    };
    document.querySelectorAll('a[href]').forEach((el) => add(el, 'href', 'a'));
    document.querySelectorAll('link[href]').forEach((el) => add(el, 'href', 'link'));
    document.querySelectorAll('script[src]').forEach((el) => add(el, 'src', 'script'));
    document.querySelectorAll('img[src]').forEach((el) => add(el, 'src', 'img'));
    document.querySelectorAll('form[action]').forEach((el) => add(el, 'action', 'form'));
    return out;
  });
}

/** Relative luminance (WCAG) of a CSS colour string such as 'rgb(13, 17, 23)'. */
export function luminance(cssColor) {
  const m = cssColor.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/);
  assert.ok(m, `not an rgb() colour: ${cssColor}`);
  const lin = (v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1]) + 0.7152 * lin(m[2]) + 0.0722 * lin(m[3]);
}

/** True when the element's box intersects the viewport. */
export async function inViewport(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
  });
}

/** Polls fn until it returns a truthy value or the timeout passes; returns the last value. */
export async function eventually(fn, { timeout = 3000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let value = await fn();
  while (!value && Date.now() < end) {
    await new Promise((r) => setTimeout(r, interval));
    value = await fn();
  }
  return value;
}
