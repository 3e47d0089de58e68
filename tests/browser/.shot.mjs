import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:37697/hub/';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [name, opts] of [['mobile-dark', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' }], ['desktop-dark', { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }]]) {
  const ctx = await b.newContext(opts);
  const p = await ctx.newPage();
  await p.goto(base + 'docs/');
  const menu = p.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await p.getByRole('combobox').first().click();
  await p.keyboard.type('base url');
  await p.getByRole('option').first().waitFor();
  await p.keyboard.press('ArrowDown');
  await p.screenshot({ path: '/tmp/search-shot-' + name + '.png' });
  await ctx.close();
}
const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
const p = await ctx.newPage();
await p.goto(base + 'search/?q=template+-mustache');
await p.locator('.search-result').first().waitFor();
await p.screenshot({ path: '/tmp/search-shot-page2.png' });
await b.close();
