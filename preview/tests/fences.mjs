// Code blocks as a reader's browser shows them: Debian's headless chromium
// (through playwright-core) opens the post `preview/tests/fences.md` (every
// fence option) at a phone's and a desktop's width, light and dark. In each
// view: the line numbers are drawn, yet copying a numbered block (a real
// Ctrl+C, read back from the clipboard) gives exactly the code written in
// the post's fence, and no number; the
// page does not overflow sideways while a long line scrolls inside its
// block (the screenshot `fences-*-scrolled.png` shows the gutter staying
// in place); tints run the block's full width; numbers, highlighted and
// diff lines keep their contrast. Screenshots land in SCREENSHOT_DIR.
//
//   node preview/tests/fences.mjs BASE_URL POST_FILE SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [base, postFile, shots] = process.argv.slice(2);
// The code of each fence with `linenos`, as written in the post.
const NUMBERED = [...fs.readFileSync(postFile, 'utf8').matchAll(/^```(\S*)\n([^]*?)^```$/gm)]
  .filter(([, info]) => info.split(',').includes('linenos'))
  .map(([, , code]) => code);
const POST = '/posts/fences/';
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Runs in the page: what the test measures without touching the page.
function measure() {
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const luminance = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const lines = [...document.querySelectorAll('pre.lines .line')];
  const numbered = [...document.querySelectorAll('pre.numbered .line')];
  return {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    numbersDrawn: numbered.filter((l) => getComputedStyle(l, '::before').content.includes(l.dataset.line.trim())).length,
    numbered: numbered.length,
    // Numbers on their line's background, text on each kind of line.
    contrasts: [
      ...numbered.map((l) => ['number', contrast(getComputedStyle(l, '::before').color, getComputedStyle(l).backgroundColor)]),
      ...lines.map((l) => [l.className, contrast(getComputedStyle(l).color, getComputedStyle(l).backgroundColor)]),
    ],
    // Every line of a block as wide as the block's widest, so tints run on.
    ragged: [...document.querySelectorAll('pre.lines')].filter((pre) => {
      const widths = [...pre.querySelectorAll('.line')].map((l) => Math.round(l.getBoundingClientRect().width));
      return Math.min(...widths) !== Math.max(...widths) || Math.max(...widths) < pre.clientWidth;
    }).length,
  };
}

const problems = [];
try {
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const view = `${width}-${scheme}`;
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        deviceScaleFactor: width < 600 ? 2 : 1,
        colorScheme: scheme,
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && problems.push(`${view}: console: ${m.text()}`));
      await page.goto(base + POST, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const m = await page.evaluate(measure);
      if (m.numbered === 0 || m.numbersDrawn !== m.numbered)
        problems.push(`${view}: ${m.numbersDrawn} of ${m.numbered} line numbers drawn`);
      if (m.overflow > 0) problems.push(`${view}: the page overflows sideways by ${m.overflow}px`);
      if (m.ragged) problems.push(`${view}: ${m.ragged} blocks with lines narrower than the block`);
      for (const [what, ratio] of m.contrasts)
        if (ratio < 4.5) problems.push(`${view}: ${what} contrast ${ratio.toFixed(2)} < 4.5`);

      // Copy each numbered block as a reader would: select it, Ctrl+C.
      const blocks = await page.locator('pre.numbered').all();
      if (blocks.length !== NUMBERED.length)
        problems.push(`${view}: ${blocks.length} numbered blocks, the post has ${NUMBERED.length}`);
      for (const [i, block] of blocks.entries()) {
        await block.evaluate((pre) => {
          const range = document.createRange();
          range.selectNodeContents(pre);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        });
        await page.keyboard.press('Control+C');
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        if (copied.trimEnd() !== NUMBERED[i]?.trimEnd())
          problems.push(`${view}: numbered block ${i} copies as ${JSON.stringify(copied)}, not its code`);
      }
      await page.evaluate(() => getSelection().removeAllRanges());
      await page.screenshot({ path: path.join(shots, `fences-${view}.png`), fullPage: true });

      // The long line scrolls inside its block, under its numbers (the
      // screenshot shows them still in place).
      const first = page.locator('pre.numbered').first();
      const scrolls = await first.evaluate((pre) => {
        pre.scrollLeft = pre.scrollWidth;
        return pre.scrollLeft > 0;
      });
      if (width === 390 && !scrolls) problems.push(`${view}: the long line does not scroll inside its block`);
      await first.screenshot({ path: path.join(shots, `fences-${view}-scrolled.png`) });
      await context.close();
    }
  }
} finally {
  await browser.close();
}
for (const p of problems) console.log(`problem: ${p}`);
console.log(`screenshots: ${shots}`);
process.exit(problems.length ? 1 : 0);
