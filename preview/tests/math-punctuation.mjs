// The browser half of preview/tests/browser.rs's math check: a page whose text has
// inline math followed by punctuation in many places, in Debian's chromium
// (through playwright-core), at every width from 390 to 1280 px in steps
// of 10. At no width may a punctuation mark that follows a formula start a
// line (the formula's last box and the mark's first character must share
// a line), and at 390 px no formula may reach past the column while the
// long ones still wrap over several lines. A control run lets the glue go
// (`white-space: normal` on the glued spans and the formulas' last boxes,
// through the CSSOM, which the page's policy allows) and must find a width
// where a mark does start a line: that proves the check sees what it is
// for. Screenshots of the
// page at 390 and 1280 px, light and dark.
//
// usage: node preview/tests/math-punctuation.mjs BASE_URL SCREENSHOT_DIR
// (the page checked is BASE_URL/posts/math-punctuation/)
// env:   CHROME_PATH (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node preview/tests/math-punctuation.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const url = `${base}/posts/math-punctuation/`;
mkdirSync(outDir, { recursive: true });

const WIDTHS = Array.from({ length: (1280 - 390) / 10 + 1 }, (_, i) => 390 + 10 * i);
const PHONE = 390;

// Runs in the page: every glued span whose punctuation does not sit on the
// line where its formula ends, and (with `loose`) lets the glue go first.
function measure(loose) {
  // A formula's boxes, the last one set apart when punctuation follows.
  const BOXES = '.katex-html > .base, .katex-html > .math-last > .base';
  const spans = [...document.querySelectorAll('main .math-punct')];
  if (loose) for (const el of document.querySelectorAll('.math-punct, .math-last')) el.style.whiteSpace = 'normal';
  const column = document.querySelector('main').getBoundingClientRect();
  const broken = [];
  for (const span of spans) {
    const bases = span.querySelectorAll(BOXES);
    const last = bases[bases.length - 1].getBoundingClientRect();
    const text = [...span.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const mark = range.getBoundingClientRect();
    const middle = (mark.top + mark.bottom) / 2;
    const sameLine = middle > last.top && middle < last.bottom && mark.left >= last.right - 1;
    if (!sameLine) broken.push(`“${text.data}” after “${span.textContent.slice(0, 30)}…”`);
  }
  // Every inline formula, with the lines it spans and whether it stays in
  // the column.
  const formulas = [...document.querySelectorAll('main p .katex')].map((katex) => {
    const boxes = [...katex.querySelectorAll(BOXES)].map((b) => b.getBoundingClientRect());
    return {
      lines: new Set(boxes.map((b) => Math.round(b.top))).size,
      right: Math.max(...boxes.map((b) => b.right)),
    };
  });
  return {
    spans: spans.length,
    broken,
    overflowing: formulas.filter((f) => f.right > column.right + 0.5).length,
    wrapped: formulas.filter((f) => f.lines > 1).length,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: PHONE, height: 860 } });
  const tab = await context.newPage();
  await tab.goto(url, { waitUntil: 'load' });
  await tab.evaluate(() => document.fonts.ready);
  let glued = 0;
  let spans = 0;
  for (const width of WIDTHS) {
    await tab.setViewportSize({ width, height: 860 });
    const m = await tab.evaluate(measure, false);
    spans = m.spans;
    glued += m.broken.length === 0;
    for (const b of m.broken) problems.push(`${width} px: a line starts with ${b}`);
    if (m.scrollWidth > m.clientWidth) problems.push(`${width} px: the page overflows sideways (${m.scrollWidth} > ${m.clientWidth})`);
    if (width === PHONE) {
      if (m.overflowing) problems.push(`${PHONE} px: ${m.overflowing} formulas reach past the column`);
      if (!m.wrapped) problems.push(`${PHONE} px: no long formula wraps over several lines`);
      console.log(`${PHONE} px: ${m.wrapped} formulas wrap over several lines, ${m.overflowing} reach past the column`);
    }
  }
  if (spans < 30) problems.push(`only ${spans} formulas with punctuation on the page`);
  console.log(`${spans} formulas with punctuation; no mark starts a line at ${glued} of ${WIDTHS.length} widths`);

  // The control: without the glue, some width must start a line with a mark.
  let loose = 0;
  for (const width of WIDTHS) {
    await tab.setViewportSize({ width, height: 860 });
    loose += (await tab.evaluate(measure, true)).broken.length;
  }
  console.log(`control, glue let go: ${loose} marks start a line over ${WIDTHS.length} widths`);
  if (!loose) problems.push('the control found no mark starting a line: the check proves nothing');
  await context.close();

  for (const width of [PHONE, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const shot = await browser.newContext({
        viewport: { width, height: 860 },
        deviceScaleFactor: width < 600 ? 2 : 1,
        colorScheme: scheme,
      });
      const page = await shot.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(outDir, `math-punctuation-${width}-${scheme}.png`), fullPage: true });
      await shot.close();
    }
  }
} finally {
  await browser.close();
}
for (const p of problems) console.log(`problem: ${p}`);
console.log(`screenshots: ${outDir}`);
process.exit(problems.length ? 1 : 0);
