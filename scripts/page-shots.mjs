// Full-page screenshots of pages, to compare how they look before and
// after a change (scripts/compare-shots.sh): each URL at a phone's size
// (390×844, DPR 3) and a desktop's (1280×800, DPR 1), light and dark,
// once every font the page asked for has loaded. Files are named
// <NAME>-<width>-<scheme>.png, NAME given with each URL.
//
// usage: node scripts/page-shots.mjs OUT_DIR NAME=URL...
// env:   CHROME_PATH (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, ...pages] = process.argv.slice(2);
if (!outDir || !pages.length || pages.some((p) => !p.includes('='))) {
  console.error('usage: node scripts/page-shots.mjs OUT_DIR NAME=URL...');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const VIEWS = [
  { width: 390, height: 844, deviceScaleFactor: 3, isMobile: true },
  { width: 1280, height: 800, deviceScaleFactor: 1, isMobile: false },
];
const SCHEMES = ['light', 'dark'];

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
for (const spec of pages) {
  const [name, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
  for (const view of VIEWS) {
    for (const scheme of SCHEMES) {
      const context = await browser.newContext({
        viewport: { width: view.width, height: view.height },
        deviceScaleFactor: view.deviceScaleFactor,
        isMobile: view.isMobile,
        hasTouch: view.isMobile,
        colorScheme: scheme,
      });
      const tab = await context.newPage();
      await tab.goto(url, { waitUntil: 'load' });
      // Every face the stylesheets declare, loaded before the picture: text
      // below the fold may not have asked for its face yet.
      await tab.evaluate(async () => {
        await document.fonts.ready;
        await Promise.all([...document.fonts].map((f) => f.load().catch(() => undefined)));
        await document.fonts.ready;
      });
      // The window made as tall as the page, until the page's height holds
      // (so a page shorter than the window is pictured at its own height):
      // a block the browser skips while off screen (`content-visibility:
      // auto`) is laid out and drawn once it is on screen, and its height
      // may then differ from the estimate it had.
      for (let height = 0, same = 0; same < 2; ) {
        const full = await tab.evaluate(async () => {
          // A block that comes on screen is drawn a frame or two later.
          for (let i = 0; i < 6; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
          // The root's box, not scrollHeight: that is never below the window's.
          return Math.ceil(document.documentElement.getBoundingClientRect().height);
        });
        same = full === height ? same + 1 : 0;
        height = full;
        await tab.setViewportSize({ width: view.width, height });
      }
      const file = join(outDir, `${name}-${view.width}-${scheme}.png`);
      await tab.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
      console.log(file);
      await context.close();
    }
  }
}
await browser.close();
