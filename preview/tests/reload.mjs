// The writer's loop in a real browser: Debian's headless chromium (through
// playwright-core) opens a post served by the preview, scrolls down, and
// the post is saved with a new sentence: the page must reload by itself,
// show the sentence and keep its place. Then a broken save: the page shows
// the errors; fixed: the page comes back. Any console error (a CSP
// violation of the reload script included) fails the test.
//
//   node preview/tests/reload.mjs BASE_URL POST_FILE SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [base, postFile, shots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  let loads = 0;
  page.on('load', () => { loads += 1; });
  await page.goto(`${base}/posts/do-i-dare/`);
  await page.evaluate(() => window.scrollTo(0, 1500));
  // Give the events stream a moment to connect.
  await page.waitForTimeout(500);
  // What the writer reads at mid-window: the same text after the reload.
  const reading = () => page.evaluate(() => document.elementFromPoint(195, 400)?.textContent.slice(0, 80));
  const before = await reading();

  const good = fs.readFileSync(postFile, 'utf8');
  const sentence = `Reloaded by itself at ${Date.now()}.`;
  fs.writeFileSync(postFile, `${good}\n${sentence}\n`);
  // textContent: the new paragraph is off screen, and the shipped page skips
  // rendering off-screen blocks (the preview's layout rule undoes that).
  await page.waitForFunction((s) => document.body.textContent.includes(s), sentence, { timeout: 30000 });
  await page.waitForLoadState('load');
  await page.waitForTimeout(200);
  const scroll = await page.evaluate(() => window.scrollY);
  if (scroll !== 1500) problems.push(`the reload lost the scroll position: ${scroll}, not 1500`);
  const after = await reading();
  if (after !== before) problems.push(`after the reload the writer reads ${JSON.stringify(after)}, not ${JSON.stringify(before)}`);
  await page.screenshot({ path: path.join(shots, 'preview-reloaded.png') });

  fs.writeFileSync(postFile, good.replace('title = "', 'title = ""'));
  await page.waitForSelector('.preview-errors', { timeout: 30000 });
  const panel = await page.textContent('.preview-errors');
  if (!panel.includes('posts/do-i-dare.md:2:')) problems.push(`the panel lacks the error: ${panel}`);
  await page.screenshot({ path: path.join(shots, 'preview-error.png') });

  fs.writeFileSync(postFile, good);
  await page.waitForSelector('.preview-errors', { state: 'detached', timeout: 30000 });
  if (loads < 3) problems.push(`expected the page to reload itself twice, saw ${loads - 1}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ problems }));
process.exit(problems.length ? 1 : 0);
