// Where a page's main thread goes while it loads: records a Chromium trace
// (DevTools protocol `Tracing`, through playwright-core's CDP session) of
// a fresh load at a phone's size under Lighthouse's mobile CPU throttle
// (4×), and prints what the long tasks (≥ 50 ms) spent their time on:
// self time per trace event (style recalculation, layout, paint, HTML
// parse, stylesheet parse), each style or layout pass of 2 ms or more
// with what invalidated it (a font arriving, a stylesheet, the parser),
// and when each font file finished. Blocking time is Lighthouse's: the
// part of each long task past 50 ms, after First Contentful Paint.
//
// usage: node scripts/trace-page.mjs URL [RUNS] [--save DIR]
//   RUNS loads (default 5), each in a fresh browser; the passes are printed
//   for the last one, the totals for each and their medians.
//   --save DIR writes each trace as DIR/trace-N.json (chrome://tracing,
//   DevTools' Performance panel).
// env: CHROME_PATH (default /usr/bin/chromium), CPU_SLOWDOWN (default 4).

import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const saveAt = args.indexOf('--save');
const saveDir = saveAt >= 0 ? args.splice(saveAt, 2)[1] : null;
const [url, runsArg] = args;
if (!url) {
  console.error('usage: node scripts/trace-page.mjs URL [RUNS] [--save DIR]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const slowdown = Number(process.env.CPU_SLOWDOWN ?? 4);
if (saveDir) mkdirSync(saveDir, { recursive: true });

// Lighthouse 12's mobile form: a Moto G Power's screen.
const VIEWPORT = { width: 412, height: 823 };
const DPR = 1.75;
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.invalidationTracking',
  'blink',
  'blink.user_timing',
  'loading',
  'toplevel',
];
// Trace events whose self time is reported, under the names DevTools gives
// them; everything else inside a task is "other".
const KINDS = {
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  'Document::updateStyleAndLayoutTree': 'style',
  ParseHTML: 'parse HTML',
  ParseAuthorStyleSheet: 'parse CSS',
  'CSSParserImpl::parseStyleSheet': 'parse CSS',
  'FontFace::load': 'font',
  'FontCache::getFontData': 'font',
  'HTMLDocumentParser::MaybeFetchQueuedPreloads': 'preload scan',
  'BeginRemoteFontLoad': 'font',
  HitTest: 'hit test',
  'Decode Image': 'image decode',
};

async function trace(run) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DPR, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(1500);
  await cdp.send('Tracing.end');
  await done;
  await browser.close();
  if (saveDir) writeFileSync(`${saveDir}/trace-${run}.json`, JSON.stringify({ traceEvents: events }));
  return events;
}

// The renderer main thread that parsed the page.
function mainThread(events) {
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.startsWith(url));
  if (!parse) throw new Error(`no ParseHTML of ${url} in the trace`);
  return events.filter((e) => e.pid === parse.pid && e.tid === parse.tid);
}

function analyse(events) {
  const main = mainThread(events);
  const navStart = Math.min(
    ...main.filter((e) => e.name === 'navigationStart' || e.name === 'ParseHTML').map((e) => e.ts),
  );
  const fcpEvent = events.find((e) => e.name === 'firstContentfulPaint');
  const fcp = fcpEvent ? fcpEvent.ts : navStart;
  const complete = main.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Top-level tasks: RunTask holds a ThreadControllerImpl::RunTask of
  // (nearly) the same span; only the outer one counts.
  const tasks = complete.filter((e) => e.name === 'RunTask');
  const long = tasks.filter((t) => t.dur >= 50_000);
  // Self time per kind inside the long tasks: the innermost named event
  // that covers each stretch of time gets it.
  const self = {};
  for (const task of long) {
    const inside = complete.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const stack = [];
    const credit = (e, us) => {
      const kind = KINDS[e?.name] ?? 'other';
      self[kind] = (self[kind] ?? 0) + us;
    };
    let cursor = task.ts;
    const advance = (to) => {
      if (to > cursor) credit(stack.findLast((s) => KINDS[s.name]), to - cursor);
      cursor = Math.max(cursor, to);
    };
    // Ends every open event that ends by `t`, crediting its last stretch.
    const closeUntil = (t) => {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= t) {
        const top = stack.at(-1);
        advance(top.ts + top.dur);
        stack.pop();
      }
    };
    for (const e of inside) {
      closeUntil(e.ts);
      advance(e.ts);
      stack.push(e);
    }
    closeUntil(Infinity);
    advance(task.ts + task.dur);
  }
  // Lighthouse's rule: each task's part after FCP, less 50 ms.
  const blocking = long.reduce((sum, t) => sum + Math.max(0, t.ts + t.dur - Math.max(t.ts, fcp) - 50_000), 0);
  // Each style or layout pass with what invalidated it since the last one.
  const passes = [];
  let reasons = {};
  const marks = main
    .filter((e) => /InvalidationTracking$|^ScheduleStyleRecalculation$|^InvalidateLayout$/.test(e.name) ||
      ((e.name === 'UpdateLayoutTree' || e.name === 'Layout') && e.ph === 'X'))
    .sort((a, b) => a.ts - b.ts);
  for (const e of marks) {
    if (e.ph === 'X') {
      if (e.dur >= 2_000) {
        passes.push({
          at: (e.ts - navStart) / 1000,
          name: e.name,
          ms: e.dur / 1000,
          elements: e.args?.elementCount ?? e.args?.beginData?.dirtyObjects,
          total: e.args?.beginData?.totalObjects,
          reasons,
        });
      }
      reasons = {};
    } else {
      const reason = e.args?.data?.reason ?? e.args?.data?.invalidationList?.[0]?.classes ?? e.name;
      const key = typeof reason === 'string' ? reason : JSON.stringify(reason);
      reasons[key] = (reasons[key] ?? 0) + 1;
    }
  }
  const fonts = events
    .filter((e) => e.name === 'ResourceSendRequest' && /\.woff2$/.test(e.args?.data?.url ?? '') &&
      e.args.data.url.startsWith(new URL(url).origin))
    .map((req) => {
      const fin = events.find((e) => e.name === 'ResourceFinish' && e.args?.data?.requestId === req.args.data.requestId);
      return { url: req.args.data.url.replace(/^.*\//, ''), at: fin ? (fin.ts - navStart) / 1000 : null };
    });
  // All style and layout of the load, long tasks or not, in wall and
  // thread (CPU) time: the thread time is what a busy machine disturbs least.
  const styleLayout = complete.filter((e) => e.name === 'UpdateLayoutTree' || e.name === 'Layout');
  const total = (key) => styleLayout.reduce((sum, e) => sum + (e[key] ?? 0), 0) / 1000;
  return {
    fcp: (fcp - navStart) / 1000,
    styleLayout: { wall: total('dur'), cpu: total('tdur'), passes: styleLayout.length },
    long: long.map((t) => ({ at: (t.ts - navStart) / 1000, ms: t.dur / 1000 })),
    blocking: blocking / 1000,
    self: Object.fromEntries(Object.entries(self).map(([k, v]) => [k, v / 1000]).sort((a, b) => b[1] - a[1])),
    passes,
    fonts,
  };
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const results = [];
for (let run = 1; run <= runs; run++) {
  const r = analyse(await trace(run));
  results.push(r);
  const longs = r.long.map((t) => `${fmt(t.ms)} at ${fmt(t.at)}`).join(', ') || 'none';
  const selfs = Object.entries(r.self).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
  console.log(`run ${run}: FCP ${fmt(r.fcp)}, style and layout ${fmt(r.styleLayout.wall)} (CPU ${fmt(r.styleLayout.cpu)}) in ${r.styleLayout.passes} passes; ` +
    `long tasks: ${longs}; blocking ${fmt(r.blocking)}; in long tasks: ${selfs || 'nothing'}`);
}
const last = results.at(-1);
console.log(`\nstyle and layout passes of 2 ms or more (last run, ${slowdown}× CPU):`);
for (const p of last.passes) {
  const size = p.elements !== undefined ? ` (${p.elements}${p.total ? ` of ${p.total}` : ''} objects)` : '';
  const why = Object.entries(p.reasons).map(([k, n]) => `${k}×${n}`).join(', ') || '—';
  console.log(`  ${fmt(p.at).padStart(8)}  ${p.name.padEnd(16)} ${fmt(p.ms).padStart(7)}${size}  after: ${why}`);
}
console.log('font files (finished at):');
for (const f of last.fonts) console.log(`  ${f.at === null ? '   —' : fmt(f.at).padStart(8)}  ${f.url}`);
const kinds = [...new Set(results.flatMap((r) => Object.keys(r.self)))];
console.log(`\nmedians of ${runs}: style and layout ${fmt(median(results.map((r) => r.styleLayout.wall)))} ` +
  `(CPU ${fmt(median(results.map((r) => r.styleLayout.cpu)))}), blocking ${fmt(median(results.map((r) => r.blocking)))}, ` +
  `long tasks ${fmt(median(results.map((r) => r.long.reduce((s, t) => s + t.ms, 0))))}; ` +
  kinds.map((k) => `${k} ${fmt(median(results.map((r) => r.self[k] ?? 0)))}`).join(', '));
