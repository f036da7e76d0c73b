// The browser half of scripts/image-budget.sh, in two modes:
//
//   shot URL OUT.png   a 4,000 × 3,000 screenshot that looks like one: the
//                      page at 1000 × 750 CSS px on a 4× screen, scrolled so
//                      that text and a chart share the frame
//   fetch URL          loads URL at 1280 px (DPR 1) and at 390 px (DPR 2
//                      and DPR 3), scrolls to the bottom so lazy images
//                      load, and prints per view the image bytes fetched
//                      (every image response's body size, by URL) and the
//                      page's cumulative layout shift
//
// env: CHROME_PATH (default /usr/bin/chromium)

import { chromium } from 'playwright-core';

const [mode, url, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
});
try {
  if (mode === 'shot' && out) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 750 }, deviceScaleFactor: 4 });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.evaluate(() => {
      const chart = document.querySelector('.chart');
      window.scrollTo(0, chart ? chart.getBoundingClientRect().top + window.scrollY - 260 : 0);
    });
    await page.screenshot({ path: out });
  } else if (mode === 'fetch') {
    const views = [
      { name: 'desktop 1280 px DPR 1', width: 1280, height: 800, dpr: 1 },
      { name: 'phone 390 px DPR 2', width: 390, height: 844, dpr: 2 },
      { name: 'phone 390 px DPR 3', width: 390, height: 844, dpr: 3 },
    ];
    for (const view of views) {
      const context = await browser.newContext({
        viewport: { width: view.width, height: view.height },
        deviceScaleFactor: view.dpr,
      });
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const images = [];
      page.on('requestfinished', async (request) => {
        if (request.resourceType() !== 'image') return;
        const sizes = await request.sizes();
        images.push({ url: request.url(), bytes: sizes.responseBodySize });
      });
      await page.goto(url, { waitUntil: 'networkidle' });
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 400) {
          window.scrollTo(0, y);
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const cls = await page.evaluate(() => window.__cls);
      const total = images.reduce((sum, i) => sum + i.bytes, 0);
      console.log(`${view.name}: ${total} image bytes, CLS ${cls.toFixed(4)}`);
      for (const i of images) console.log(`  ${i.bytes}\t${new URL(i.url).pathname}`);
      await context.close();
    }
  } else {
    console.error('usage: node scripts/image-budget.mjs shot URL OUT.png | fetch URL');
    process.exitCode = 2;
  }
} finally {
  await browser.close();
}
