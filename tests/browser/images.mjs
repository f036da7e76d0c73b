// Run by tests/browser.rs: the second post, which
// holds a raster image (resized at build time into a <picture>) and a
// chart, in Debian's chromium through playwright-core, at a phone
// (390 px, DPR 1) and a retina desktop (1280 px, DPR 2), light and dark.
// For each view it checks which file of the image was fetched (the one
// srcset and sizes call for: the 1× width on the phone, the 2× on the
// desktop; never the original, always the modern type), that the chart's
// text is set in the site's serif, that nothing overflows sideways, and
// that nothing moves down or grows after it is drawn and the page shifts
// under 0.01 in all (PerformanceObserver); it saves
// a screenshot of each view, prints one line per view and every problem,
// and exits 1 if there is any.
//
// usage: node tests/browser/images.mjs BASE_URL SCREENSHOT_DIR
// env:   CHROME_PATH (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node tests/browser/images.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const POST = '/posts/forty-three-microseconds/';
const VIEWS = [
  { name: 'phone', width: 390, height: 844, dpr: 1, wants: 576 },
  { name: 'desktop', width: 1280, height: 800, dpr: 2, wants: 1152 },
].flatMap((v) => ['light', 'dark'].map((scheme) => ({ ...v, scheme })));

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
});
const problems = [];
try {
  for (const view of VIEWS) {
    const label = `${view.name} ${view.width}px DPR ${view.dpr} ${view.scheme}`;
    const problem = (what) => problems.push(`${label}: ${what}`);
    const context = await browser.newContext({
      viewport: { width: view.width, height: view.height },
      deviceScaleFactor: view.dpr,
      colorScheme: view.scheme,
    });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__cls = 0;
      window.__shifted = [];
      window.__moved = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          window.__cls += e.value;
          for (const s of e.sources) {
            const what = `${s.node?.nodeName}.${s.node?.className ?? ''} x ${s.previousRect.x}->${s.currentRect.x} y ${s.previousRect.y}->${s.currentRect.y} h ${s.previousRect.height}->${s.currentRect.height}`;
            window.__shifted.push(what);
            const vertical = s.previousRect.y !== s.currentRect.y || s.previousRect.height !== s.currentRect.height;
            if (vertical) window.__moved.push(what);
          }
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const images = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'image') {
        images.push({ path: new URL(response.url()).pathname, type: response.headers()['content-type'] });
      }
    });
    await page.goto(base + POST, { waitUntil: 'networkidle' });
    // Bring the image into view (it may load lazily), then let it settle.
    await page.locator('.post-body picture img').first().scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));

    const picture = await page.evaluate(() => {
      const img = document.querySelector('.post-body picture img');
      const link = img.closest('a');
      return { current: new URL(img.currentSrc).pathname, original: link && new URL(link.href).pathname };
    });
    const fetched = images.filter((i) => i.path.startsWith(POST) && !i.path.endsWith('.svg'));
    if (fetched.length !== 1) problem(`fetched ${fetched.length} files of the image: ${JSON.stringify(fetched)}`);
    for (const f of fetched) {
      if (!f.path.includes(`.${view.wants}w.`)) problem(`fetched ${f.path}, not the ${view.wants}w file`);
      if (f.path === picture.original) problem('fetched the original');
      if (!/^image\/(avif|webp)$/.test(f.type)) problem(`fetched ${f.type}, not the modern format`);
      if (f.path !== picture.current) problem(`fetched ${f.path}, but shows ${picture.current}`);
    }

    const fonts = await page.evaluate(() =>
      [...document.querySelectorAll('.chart svg text')].map((t) => getComputedStyle(t).fontFamily),
    );
    if (fonts.length === 0) problem('no chart text');
    for (const family of new Set(fonts)) {
      if (!family.startsWith('"Phase Serif"')) problem(`chart text in ${family}`);
    }
    const serifLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Phase Serif' && f.status === 'loaded');
    });
    if (!serifLoaded) problem('Phase Serif never loaded');

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problem(`overflows sideways by ${overflow} px`);
    const cls = await page.evaluate(() => window.__cls);
    // An image without its box reserved pushes what follows down: no
    // source may move vertically. A font arriving late (the code face is
    // not preloaded) can move text sideways within its line, which a
    // loaded machine shows now and then: under 0.01, as tests/browser.rs.
    const { shifted, moved } = await page.evaluate(() => ({ shifted: window.__shifted, moved: window.__moved }));
    if (moved.length) problem(`something moved down or grew: ${moved.join('; ')}`);
    if (cls >= 0.01) problem(`layout shift ${cls}: ${shifted.join('; ')}`);

    await page.screenshot({ path: join(outDir, `images-${view.name}-${view.scheme}.png`) });
    console.log(`${label}: showed ${picture.current}; fetched ${fetched.map((f) => `${f.path} (${f.type})`).join(', ')}; CLS ${cls}`);
    await context.close();
  }
} finally {
  await browser.close();
}
for (const p of problems) console.log(`PROBLEM ${p}`);
process.exit(problems.length ? 1 : 0);
