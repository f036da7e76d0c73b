// Run by tests/browser.rs: search as a reader does it, without
// JavaScript on the page, in Debian's chromium through playwright-core,
// at a phone's width (390 px) and a desktop's (1280 px), light and dark.
// From the home page it types into the header's search box and presses
// Enter (and once clicks the button), checks the results page (the URL
// /search?q=…, the expected post first, a word marked, the query in the
// page's box, nothing sideways, no console error or CSP violation),
// follows the first result, goes back and finds the same results; saves a
// screenshot of each view's results, prints one line per view and every
// problem, and exits 1 if there is any.
//
// usage: node tests/browser/search.mjs BASE_URL SCREENSHOT_DIR
// env:   CHROME_PATH (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node tests/browser/search.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const QUERY = 'typography';
const EXPECTED = '/posts/do-i-dare/';
const VIEWS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
].flatMap((v) => ['light', 'dark'].map((scheme) => ({ ...v, scheme })));

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  for (const view of VIEWS) {
    const label = `${view.name} ${view.width}px ${view.scheme}`;
    const problem = (what) => problems.push(`${label}: ${what}`);
    const context = await browser.newContext({
      viewport: { width: view.width, height: view.height },
      colorScheme: view.scheme,
      javaScriptEnabled: true, // for the checks only: the pages ship none
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problem(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problem(`page error: ${e.message}`));
    await page.goto(`${base}/`, { waitUntil: 'load' });
    if ((await page.locator('script').count()) !== 0) problem('the home page has a script');
    const box = page.locator('header form[role=search] input[name=q]');
    const shown = await box.boundingBox();
    if (!shown || shown.width < 80) problem(`the header's search box is not shown: ${JSON.stringify(shown)}`);
    await box.fill(QUERY);
    await Promise.all([page.waitForNavigation(), box.press('Enter')]);
    const results = async (how) => {
      const url = new URL(page.url());
      if (url.pathname !== '/search' || url.searchParams.get('q') !== QUERY) {
        problem(`${how}: landed on ${page.url()}`);
      }
      const first = await page.locator('.search-title a').first().getAttribute('href');
      if (first !== EXPECTED) problem(`${how}: first result ${first}, not ${EXPECTED}`);
      if ((await page.locator('.search-snippet mark').count()) === 0) problem(`${how}: no word marked`);
      const value = await page.locator('main input[name=q]').inputValue();
      if (value !== QUERY) problem(`${how}: the page's box holds ${JSON.stringify(value)}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      if (wide) problem(`${how}: the page scrolls sideways`);
      if ((await page.locator('script').count()) !== 0) problem(`${how}: the results page has a script`);
    };
    await results('after Enter');
    await page.screenshot({ path: join(outDir, `search-${view.name}-${view.scheme}.png`), fullPage: true });
    await Promise.all([page.waitForNavigation(), page.locator('.search-title a').first().click()]);
    if (new URL(page.url()).pathname !== EXPECTED) problem(`the first result led to ${page.url()}`);
    await page.goBack({ waitUntil: 'load' });
    await results('after Back');
    // The button sends the form too; an empty box is a page saying what to type.
    await page.locator('main input[name=q]').fill('');
    await Promise.all([page.waitForNavigation(), page.locator('main form button').click()]);
    const text = await page.locator('main').innerText();
    if (!text.includes('Type a word')) problem(`an empty search shows ${text.slice(0, 200)}`);
    console.log(`${label}: searched, followed, went back`);
    await context.close();
  }
} finally {
  await browser.close();
}
for (const p of problems) console.log(`PROBLEM ${p}`);
process.exit(problems.length ? 1 : 0);
