// The browser half of tests/browser.rs: drives Debian's chromium (through
// playwright-core, which never downloads a browser of its own) over the
// pages a running phasespace serves, at a phone's and a desktop's width, in
// the light and the dark scheme. It measures what a reader gets, saves a
// screenshot of each view, prints one line per view and every problem, and
// exits 1 if there is any. The page itself ships no JavaScript: everything
// here runs from the test driver (an init script and CDP calls).
//
// usage: node tests/browser/page.mjs BASE_URL SCREENSHOT_DIR
// env:   CHROME_PATH (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node tests/browser/page.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const POST = '/posts/do-i-dare/';
const CHARTS = '/posts/forty-three-microseconds/';
const PAGES = [
  { name: 'post', path: POST, status: 200 },
  { name: 'home', path: '/', status: 200 },
  // Every post under its year, and a tag's posts the same way.
  { name: 'archive', path: '/archive/', status: 200 },
  { name: 'tag', path: '/tags/meta/', status: 200 },
  { name: 'not-found', path: '/no/such/page', status: 404 },
  // The second post: charts drawn at build time into inline SVG.
  { name: 'charts', path: CHARTS, status: 200 },
];
const WIDTHS = [390, 1280];
const SCHEMES = ['light', 'dark'];
// Every page at both widths in both schemes; the post also with its fonts
// held back, so it first paints with the fallback faces and then swaps: the
// fallbacks' metric overrides must keep that swap from moving anything.
const FONT_DELAY_MS = 800;
const VIEWS = PAGES.flatMap((page) =>
  WIDTHS.flatMap((width) => [
    ...SCHEMES.map((scheme) => ({ page, width, scheme, slowFonts: false })),
    ...(page.path === POST ? [{ page, width, scheme: 'light', slowFonts: true }] : []),
  ]),
);
// Running text: a paragraph that is not the subtitle, the date or a muted
// line about a list (how many posts, the archive link, a tag's feed).
const TEXT = 'main p:not(.subtitle, .post-date, .archive-count, .archive-link, .page-feed)';
// Flags from /work/shared/TOOLS.md: no outside traffic from the browser.
// playwright-core adds --no-sandbox and a fresh --user-data-dir itself.
const ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Runs in the page before any of its own content: collects layout shifts
// and CSP violations where the test can read them.
function observe() {
  window.__observed = { cls: 0, shifts: [], csp: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__observed.cls += entry.value;
      window.__observed.shifts.push(
        entry.sources.map((s) => s.node?.nodeName ?? '?').join(',') + ' ' + entry.value.toFixed(4),
      );
    }
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__observed.csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
  });
}

// Runs in the page after load: everything measured from the DOM.
function measure(TEXT) {
  const style = (el) => getComputedStyle(el);
  const first = (sel) => document.querySelector(sel);
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
  const background = style(document.documentElement).backgroundColor;

  // Characters per line of the longest paragraph, over its full lines.
  const perLine = (() => {
    const paragraphs = [...document.querySelectorAll('main p')];
    const p = paragraphs.sort((a, b) => b.textContent.length - a.textContent.length)[0];
    if (!p) return null;
    const range = document.createRange();
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const top = Math.round(rect.top);
        lines.set(top, (lines.get(top) ?? 0) + 1);
      }
    }
    const counts = [...lines.values()].slice(0, -1);
    return counts.length ? Math.round(counts.reduce((a, b) => a + b, 0) / counts.length) : null;
  })();

  // The accent colour: on links and the masthead's dot, nowhere else.
  const accent = style(first('.site-title .dot')).color;
  const accentElsewhere = [...document.body.querySelectorAll('*')]
    .filter((el) => style(el).color === accent && !el.closest('a') && !el.matches('.dot'))
    .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));

  const text = first(TEXT);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    bodyWeight: style(document.body).fontWeight,
    textWeight: text && style(text).fontWeight,
    opticalSizing: text && style(text).fontOpticalSizing,
    textContrast: text && contrast(style(text).color, background),
    mutedContrast: contrast(style(first('.tagline')).color, background),
    linkContrast: contrast(accent, background),
    accentElsewhere,
    perLine,
    katex: [...document.querySelectorAll('.katex')].map((el) => {
      const r = el.getBoundingClientRect();
      return [Math.round(r.width), Math.round(r.height)];
    }),
    // Each chart's smallest text in CSS pixels as drawn (its font size
    // times the scale of its viewBox), and the labels that overlap.
    charts: [...document.querySelectorAll('.chart-svg')].map((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const texts = [...svg.querySelectorAll('text')];
      const sizes = texts.map((t) => Number(t.getAttribute('font-size')) * scale);
      const boxes = texts.map((t) => [t.textContent, t.getBoundingClientRect()]);
      const overlaps = [];
      boxes.forEach(([a, r], i) =>
        boxes.slice(i + 1).forEach(([b, q]) => {
          const apart = r.right <= q.left || q.right <= r.left || r.bottom <= q.top || q.bottom <= r.top;
          if (!apart) overlaps.push(`${a} × ${b}`);
        }),
      );
      const column = svg.closest('main').getBoundingClientRect();
      const box = svg.getBoundingClientRect();
      return { smallest: Math.min(...sizes), overlaps, inside: box.left >= column.left - 1 && box.right <= column.right + 1 };
    }),
    fontFaces: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.style}`),
    observed: window.__observed,
  };
}

// Runs in the page: scrolls to the end a quarter of the window at a time,
// two frames each, as a reader would, and back to the top.
async function scrollThrough() {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 4) {
    scrollTo(0, y);
    await frame();
  }
  scrollTo(0, 0);
  await frame();
}

// The fonts chromium actually drew a node's text with (not what CSS asked for).
async function platformFonts(cdp, selector) {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  if (!nodeId) return null;
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts.map((f) => ({ family: f.familyName, custom: f.isCustomFont, glyphs: f.glyphCount }));
}

// The families chromium reports for the site's own fonts (Source Serif 4,
// cut, goes by Phase Serif: render/src/fonts/names.rs).
const SITE_FACES = ['Phase Serif', 'JetBrains Mono'];

// Every element with text of its own (outside KaTeX, which sets its own
// fonts) whose computed font-family starts with one of the site's faces,
// and the fonts chromium drew that text with. The fonts are cut to the
// characters the build found each face drawing: one it missed would be
// drawn by a fallback font here.
async function textFonts(cdp) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const elements = [];
  const visit = (node, inKatex) => {
    if (node.nodeType !== 1) return;
    const attrs = node.attributes ?? [];
    const classes = (attrs[attrs.indexOf('class') + 1] ?? '').split(' ');
    const katex = inKatex || (attrs.includes('class') && classes.includes('katex'));
    if (['HEAD', 'SCRIPT', 'STYLE', 'TEMPLATE'].includes(node.nodeName)) return;
    const ownText = (node.children ?? []).some((c) => c.nodeType === 3 && c.nodeValue.trim());
    if (ownText && !katex) elements.push(node);
    for (const child of node.children ?? []) visit(child, katex);
  };
  visit(root.children.find((n) => n.nodeName === 'HTML'), false);
  const found = [];
  for (const node of elements) {
    const { computedStyle } = await cdp.send('CSS.getComputedStyleForNode', { nodeId: node.nodeId });
    const family = computedStyle.find((p) => p.name === 'font-family').value.split(',')[0].replace(/"/g, '').trim();
    if (!SITE_FACES.includes(family)) continue;
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: node.nodeId });
    const text = node.children.filter((c) => c.nodeType === 3).map((c) => c.nodeValue).join('').trim();
    // No font at all for text the page shows means it was never laid out
    // (a block skipped off screen), and the check above proved nothing.
    // Text in a closed <details> or an SVG <title> is not shown.
    const unlaid = !fonts.length && (await shown(cdp, node.nodeId));
    found.push({ family, text, unlaid, fonts: fonts.map((f) => ({ family: f.familyName, custom: f.isCustomFont, glyphs: f.glyphCount })) });
  }
  return found;
}

// Whether the page shows a node (`checkVisibility`: it has a box, and no
// closed <details> or other hidden content holds it).
async function shown(cdp, nodeId) {
  const { object } = await cdp.send('DOM.resolveNode', { nodeId });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: 'function () { return this.checkVisibility(); }',
    returnByValue: true,
  });
  return result.value;
}

// What every page must satisfy, and what the first post must besides.
function problems(page, view, m) {
  const found = [];
  const fail = (what) => found.push(`${page.name} ${view}: ${what}`);
  if (m.scrollWidth > m.clientWidth) fail(`overflows sideways: scrollWidth ${m.scrollWidth} > ${m.clientWidth}`);
  if (m.bodyWeight !== '330') fail(`body font-weight is ${m.bodyWeight}, not 330`);
  if (m.textWeight !== null && m.textWeight !== '330') fail(`text font-weight is ${m.textWeight}, not 330`);
  if (m.opticalSizing !== null && m.opticalSizing !== 'auto') fail(`font-optical-sizing is ${m.opticalSizing}`);
  if (m.textContrast !== null && m.textContrast < 7) fail(`body text contrast ${m.textContrast.toFixed(2)} < 7 (AAA)`);
  if (m.linkContrast < 4.5) fail(`link contrast ${m.linkContrast.toFixed(2)} < 4.5 (AA)`);
  if (m.mutedContrast < 4.5) fail(`muted text contrast ${m.mutedContrast.toFixed(2)} < 4.5 (AA)`);
  if (m.accentElsewhere.length) fail(`accent colour outside links: ${m.accentElsewhere.join(' ')}`);
  if (m.observed.cls >= 0.01) fail(`layout shift ${m.observed.cls.toFixed(4)}: ${m.observed.shifts.join('; ')}`);
  for (const v of m.observed.csp) fail(`CSP violation: ${v}`);
  for (const e of m.errors) fail(`console error: ${e}`);
  for (const r of m.failed) fail(`failed request: ${r}`);
  for (const r of m.foreign) fail(`request to another origin: ${r}`);
  for (const [selector, fonts] of Object.entries(m.drawnWith)) {
    const want = selector.includes('code') ? 'JetBrains Mono' : 'Phase Serif';
    if (!fonts) {
      if (page.path === POST) fail(`nothing matches ${selector}`);
      continue;
    }
    const wrong = fonts.filter((f) => !f.custom || !f.family.startsWith(want));
    if (wrong.length) fail(`${selector} drawn with ${JSON.stringify(wrong)}, not ${want}`);
  }
  if (!m.textFonts.length) fail('no text in the site\'s faces');
  for (const { family, text, fonts, unlaid } of m.textFonts) {
    // The fonts of the element's inline descendants count too (code in a
    // paragraph): any of the site's faces, never a fallback.
    if (unlaid) fail(`“${text.slice(0, 40)}” (${family}) drawn with no font: never laid out`);
    const wrong = fonts.filter((f) => !f.custom || !SITE_FACES.includes(f.family));
    if (wrong.length) fail(`“${text.slice(0, 40)}” (${family}) partly drawn with ${JSON.stringify(wrong)}`);
  }
  if (page.path === CHARTS) {
    if (m.charts.length !== 2) fail(`${m.charts.length} charts, not 2`);
    m.charts.forEach(({ smallest, overlaps, inside }, i) => {
      if (smallest < 10) fail(`chart #${i}: text ${smallest.toFixed(1)} px, under 10`);
      for (const o of overlaps) fail(`chart #${i}: labels overlap: ${o}`);
      if (!inside) fail(`chart #${i} runs out of the column`);
    });
  }
  if (page.path === POST) {
    if (!m.katex.length) fail('no KaTeX element');
    m.katex.forEach(([w, h], i) => (w > 0 && h > 0) || fail(`.katex #${i} has an empty box ${w}×${h}`));
    if (view.startsWith('1280') && (m.perLine < 55 || m.perLine > 80))
      fail(`measure is ${m.perLine} characters per line, not about 60–75`);
  }
  return found;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ARGS,
});
const all = [];
try {
  for (const { page, width, scheme, slowFonts } of VIEWS) {
    const view = `${width}-${scheme}${slowFonts ? '-slow-fonts' : ''}`;
    const context = await browser.newContext({
      viewport: { width, height: 860 },
      deviceScaleFactor: width < 600 ? 2 : 1,
      colorScheme: scheme,
    });
    if (slowFonts) {
      await context.route('**/*.woff2', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, FONT_DELAY_MS));
        await route.continue();
      });
    }
    await context.addInitScript(observe);
    const tab = await context.newPage();
    const errors = [];
    const failed = [];
    const foreign = [];
    const origin = new URL(base).origin;
    tab.on('console', (msg) => {
      // The 404 page's own status is expected; chromium logs it anyway.
      const own404 = page.status === 404 && msg.text().includes('status of 404');
      if (msg.type() === 'error' && !own404) errors.push(msg.text());
    });
    tab.on('pageerror', (err) => errors.push(String(err)));
    tab.on('request', (req) => new URL(req.url()).origin !== origin && foreign.push(req.url()));
    tab.on('requestfailed', (req) => failed.push(`${req.url()} ${req.failure()?.errorText}`));
    tab.on('response', (res) => {
      const expected = res.url() === base + page.path ? page.status : 200;
      if (res.status() !== expected && res.status() !== 304) failed.push(`${res.url()} ${res.status()}`);
    });
    await tab.goto(base + page.path, { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready);
    await tab.waitForTimeout(300); // let layout-shift entries arrive
    // Every block laid out and drawn before it is measured or pictured: the
    // post's blocks are skipped while off screen (`content-visibility:
    // auto`), with no box, until they come near the window. So the page is
    // scrolled through as a reader would (shifts on the way count), then
    // the window made as tall as the page.
    await tab.evaluate(scrollThrough);
    const height = await tab.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    await tab.setViewportSize({ width, height: Math.max(height, 860) });
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // A face first needed by a block laid out just now (JetBrains Mono is
    // not preloaded) is still on its way, slowly when fonts are slow: the
    // text is checked once it has arrived.
    await tab.evaluate(() => document.fonts.ready);
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const drawnWith = {};
    for (const selector of [TEXT, '.post-title', 'main p em', 'main p code', 'pre code']) {
      drawnWith[selector] = await platformFonts(cdp, selector);
    }
    const m = {
      ...(await tab.evaluate(measure, TEXT)),
      errors,
      failed,
      foreign,
      drawnWith,
      textFonts: await textFonts(cdp),
    };
    await tab.screenshot({ path: join(outDir, `${page.name}-${view}.png`), fullPage: true });
    const found = problems(page, view, m);
    all.push(...found);
    console.log(
      `${page.name} ${view}: weight ${m.bodyWeight}, ${m.perLine} chars/line, CLS ${m.observed.cls.toFixed(4)}, ` +
        `contrast text ${m.textContrast?.toFixed(1)} link ${m.linkContrast.toFixed(1)} muted ${m.mutedContrast.toFixed(1)}, ` +
        `${m.katex.length} katex, ${m.charts.map((c) => `chart text ${c.smallest.toFixed(1)} px`).join(', ')}${m.charts.length ? ', ' : ''}${m.textFonts.length} texts in the site's faces, fonts [${m.fontFaces.join(', ')}]` +
        (m.observed.shifts.length ? `, shifts [${m.observed.shifts.join('; ')}]` : '') +
        (found.length ? ' — PROBLEMS' : ' — ok'),
    );
    await context.close();
  }
} finally {
  await browser.close();
}
for (const p of all) console.log(`problem: ${p}`);
console.log(`screenshots: ${outDir}`);
process.exit(all.length ? 1 : 0);
