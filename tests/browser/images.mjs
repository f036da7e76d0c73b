// Run by tests/browser.rs: the second post, which
// holds a raster image (resized at build time into a <picture>) and a
// chart, in Debian's chromium through playwright-core, at a phone
// (390 px, DPR 1) and a retina desktop (1280 px, DPR 2), light and dark.
// For each view it checks which file of the image was fetched (the one
// srcset and sizes call for: the 1× width on the phone, the 2× on the
// desktop; never the original, always the modern type), that the chart's
// text is set in the site's serif, that nothing overflows sideways, and
// that the image's box has its size before any of its bytes arrive (its
// files are held back while the box is measured) and keeps it once drawn,
// that nothing moves down or grows once the fonts are in and the image
// arrives, and that the page shifts under 0.01 in all
// (PerformanceObserver); it saves
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

// Resolves after two animation frames: by then the layout shifts of what
// was drawn before have been reported.
const frames = () =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

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
    // The image's files are held back until its box has been measured:
    // the box must already have the image's size before a byte of it
    // arrives, and keep it once it is drawn.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.startsWith(POST) && /\.(avif|webp|png|jpe?g)$/.test(url.pathname),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await page.goto(base + POST, { waitUntil: 'domcontentloaded' });
    // Bring the image into view (it may load lazily), and let the fonts
    // of the blocks laid out on the way arrive.
    const img = page.locator('.post-body picture img').first();
    await img.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.fonts.ready);
    const box = () =>
      img.evaluate((i) => {
        const r = i.getBoundingClientRect();
        return { width: r.width, height: r.height, complete: i.complete && i.naturalWidth > 0 };
      });
    const reserved = await box();
    const ratio = (await img.getAttribute('height')) / (await img.getAttribute('width'));
    if (reserved.complete) problem('the image was drawn before its files were released');
    if (!Number.isFinite(ratio) || !(reserved.height > 0) || Math.abs(reserved.height - reserved.width * ratio) > 1) {
      problem(`before its bytes arrive the image's box is ${reserved.width}x${reserved.height}, not the image's proportions (${ratio})`);
    }
    // Whatever moved so far moved for fonts, not the image (two frames
    // first: layout-shift entries arrive after the frame that drew them).
    await page.evaluate(frames);
    await page.evaluate(() => (window.__moved = []));
    release();
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    const drawn = await box();
    await page.evaluate(frames);
    if (Math.abs(drawn.width - reserved.width) > 0.5 || Math.abs(drawn.height - reserved.height) > 0.5) {
      problem(`the image's box changed when it was drawn: ${reserved.width}x${reserved.height} -> ${drawn.width}x${drawn.height}`);
    }

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
    // An image without its box reserved pushes what follows down: once
    // the fonts are in, nothing may move vertically as the image arrives
    // (before that, a late font on a loaded machine moved a paragraph and
    // a heading as their blocks were first laid out). A font arriving
    // late (the code face is not preloaded) can also move text sideways
    // within its line: under 0.01 in all, as tests/browser.rs.
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
