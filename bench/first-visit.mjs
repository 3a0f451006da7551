// A first visit over a slow network, in headless Chromium (playwright-core
// driving /usr/bin/chromium).
//
//   node bench/first-visit.mjs --dist dist --work target/bench [--reps 5]
//
// Expects in --work (scripts/bench.sh writes them with glossa-cli):
//   builtin.split.json       the built-in article's sentences (`split`)
//   article-2mb.txt          the 2 MB article, and
//   article-2mb.split.json   its sentences, for its static page
// Every file is served brotli-compressed (quality 11, made once at start, as
// a static host serves precompressed files) over HTTP/1.1 on 127.0.0.1, and
// each visit runs in a fresh browser context (no cache, no service worker)
// throttled like Lighthouse's slow 4G: 1.6 Mbit/s down, 750 kbit/s up,
// 150 ms round trip (Chromium's network emulation, through CDP).
//
// Measured, in milliseconds from the navigation's start (performance.now()
// in the page; no CDP round trip inside a timing):
//   text shown    the frame painted after the article's first sentence is in
//                 the page (Glossa: s1 of the built-in article; the static
//                 page: its first paragraph): the "double rAF" of the other
//                 browser benchmark
//   interactive   the harness clicks s1 and presses 1 as soon as the text is
//                 shown, and again every 100 ms until s1 carries
//                 data-tag="claim"; the frame painted after that
//   app ready     the app has taken over (every control works)
//   bytes         JS + wasm transferred (brotli, as on the wire) until
//                 "interactive": whole files, and what had arrived of a file
//                 still arriving
// and the same for the 2 MB article: a first visit, Open as soon as the app
// is ready, the file given to the Open dialog's input; its first screen
// painted and a key tagging s1, against the 2 MB static page over the same
// network. Writes --work/first-visit.json and first-visit.md.

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { TYPES } from '../scripts/serve-dist.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const DIST = path.resolve(args.dist ?? 'dist');
const WORK = path.resolve(args.work ?? 'target/bench');
const REPS = Number(args.reps ?? process.env.FIRST_VISIT_REPS ?? 5);
const CHROMIUM = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
const NETWORK = { latency: 150, down: 1.6e6, up: 750e3 };

const BUILTIN = path.join(WORK, 'builtin.split.json');
const ARTICLE = path.join(WORK, 'article-2mb.txt');
const SPLIT = path.join(WORK, 'article-2mb.split.json');
for (const f of [BUILTIN, ARTICLE, SPLIT, path.join(DIST, 'index.html')]) {
  if (!fs.existsSync(f)) {
    console.error(`first-visit bench: ${f} is missing (scripts/bench.sh browser makes it)`);
    process.exit(2);
  }
}
const builtin = JSON.parse(fs.readFileSync(BUILTIN, 'utf8'));
const big = JSON.parse(fs.readFileSync(SPLIT, 'utf8'));
const BIG_SENTENCES = big.paragraphs.reduce((n, p) => n + p.length, 0);

// The static pages: the same title and paragraphs, no script, no style.
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const staticPage = (split) =>
  [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(split.title)}</title>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '</head><body>',
    `<h1>${escapeHtml(split.title)}</h1>`,
    ...split.paragraphs.map((p) => `<p>${escapeHtml(p.map((s) => s.text).join(' '))}</p>`),
    '</body></html>',
    '',
  ].join('\n');

// Everything served from memory, brotli 11.
const br = (body) =>
  zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
const files = new Map();
function add(urlPath, body, type) {
  files.set(urlPath, { type, raw: body, br: br(body) });
}
(function walk(dir, prefix) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, `${prefix}${e.name}/`);
    else add(`/${prefix}${e.name}`, fs.readFileSync(full), TYPES[path.extname(e.name)] ?? 'application/octet-stream');
  }
})(DIST, '');
add('/', files.get('/index.html').raw, TYPES['.html']);
add('/__static/builtin.html', Buffer.from(staticPage(builtin)), TYPES['.html']);
add('/__static/article-2mb.html', Buffer.from(staticPage(big)), TYPES['.html']);

const server = http.createServer((req, res) => {
  const f = req.method === 'GET' ? files.get(req.url.split(/[?#]/)[0]) : null;
  if (!f) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  const brotli = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
  const body = brotli ? f.br : f.raw;
  res.writeHead(200, {
    'Content-Type': f.type,
    'Content-Length': body.length,
    ...(brotli ? { 'Content-Encoding': 'br' } : {}),
    'Cache-Control': 'no-store',
  });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${server.address().port}`;

// In every page before its own scripts: frame-by-frame waits and a watch
// for s1's tag, timed with performance.now().
const PROBE = `(() => {
  const now = () => performance.now();
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(now())));
  const painted = async () => { const seen = await frame(); const p = await frame(); return { seen, painted: p }; };
  window.__fv = {
    async until(css) {
      for (;;) {
        if (document.querySelector(css)) return painted();
        await frame();
      }
    },
    async untilFn(name, arg) {
      for (;;) {
        if (window.__fv.conditions[name](arg)) return painted();
        await frame();
      }
    },
    conditions: {
      docShown: (total) => {
        const t = document.querySelector('#glossa [data-count="tagged"]');
        return !!t && t.textContent.includes('/' + total) && !!document.querySelector('#glossa span.s[data-sentence-id="s1"]');
      },
      appReady: () => !document.querySelector('div[data-first-screen]') && !!document.querySelector('#glossa span.s[data-sentence-id="s1"]'),
      tagged: () => !!document.querySelector('span.s[data-sentence-id="s1"][data-tag="claim"]'),
    },
    marks: {},
  };
  document.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') window.__fv.marks.change = now();
  }, true);
})();`;

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => {
  const v = xs.filter(Number.isFinite);
  return { n: v.length, median: median(v), min: v.length ? Math.min(...v) : null, max: v.length ? Math.max(...v) : null, values: v };
};
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

async function throttledPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: NETWORK.latency,
    downloadThroughput: NETWORK.down / 8,
    uploadThroughput: NETWORK.up / 8,
    connectionType: 'cellular4g',
  });
  // Requests, with their start (CDP's clock) and bytes on the wire.
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, start: e.timestamp, bytes: 0, end: null, chunks: [] }));
  cdp.on('Network.dataReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.chunks.push([e.timestamp, e.encodedDataLength]);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, end: e.timestamp });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, cdp, requests, errors };
}

/** With FIRST_VISIT_DEBUG: each request, from the page's navigation. */
function logRequests(requests) {
  const nav = [...requests.values()].find((r) => r.url === `${BASE}/`);
  if (!nav) return;
  const ms = (t) => ((t - nav.start) * 1000).toFixed(0);
  for (const r of requests.values()) {
    log(`  ${path.basename(new URL(r.url).pathname) || '/'} ${ms(r.start)}–${r.end ? ms(r.end) : '?'} ms, ${r.bytes} B`);
  }
}

/** Clicks s1 and presses 1 until it is tagged claim; the painted frame's time. */
async function tagWhenPossible(page) {
  for (let i = 0; i < 600; i++) {
    const box = await page.evaluate(() => {
      const el = document.querySelector('div[data-first-screen] span.s[data-sentence-id="s1"], #glossa span.s[data-sentence-id="s1"]');
      if (!el) return null;
      const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
      return { x: r.left + Math.min(r.width / 2, 20), y: r.top + r.height / 2 };
    });
    if (box) {
      await page.mouse.click(box.x, box.y);
      await page.keyboard.press('1');
      const done = await Promise.race([
        page.evaluate(() => window.__fv.untilFn('tagged')),
        new Promise((r) => setTimeout(() => r(null), 100)),
      ]);
      if (done) return done;
    } else {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error('s1 never became a claim');
}

// CDP timestamps are seconds on a monotonic clock; the page's navigation
// request is its start (the page's performance.now() origin, within a
// few ms). A file received by then counts whole; a file still arriving
// counts with the bytes received by then (CDP's dataReceived chunks; their
// encodedDataLength is what came over the wire, headers aside).
function bytesBefore(requests, pageUrl, msAfterStart) {
  const list = [...requests.values()];
  const nav = list.find((r) => r.url === pageUrl);
  if (!nav) return null;
  const until = nav.start + msAfterStart / 1000;
  let code = 0;
  const counted = [];
  for (const r of list) {
    if (!/\.(js|wasm)(\?|$)/.test(r.url) || r.start > until) continue;
    const name = path.basename(new URL(r.url).pathname);
    if (r.end != null && r.end <= until) {
      code += r.bytes;
      counted.push(`${name} ${r.bytes} (whole)`);
    } else {
      const part = r.chunks.filter(([t]) => t <= until).reduce((n, [, b]) => n + b, 0);
      code += part;
      counted.push(`${name} ${part} of ${r.bytes} (arriving)`);
    }
  }
  return { code, counted };
}

const results = { reps: REPS, network: NETWORK, builtin: { glossa: [], static: [] }, big: { glossa: [], static: [] }, notes: [] };

async function staticVisit(browser, page_) {
  const { context, page } = await throttledPage(browser);
  try {
    await page.goto(`${BASE}/__static/${page_}`, { waitUntil: 'commit' });
    const shown = await page.evaluate(() => window.__fv.until('body > p'));
    return { text_shown: shown.painted };
  } finally {
    await context.close();
  }
}

async function glossaBuiltin(browser) {
  const { context, page, requests, errors } = await throttledPage(browser);
  try {
    await page.goto(`${BASE}/`, { waitUntil: 'commit' });
    const shown = await page.evaluate(() => window.__fv.until('span.s[data-sentence-id="s1"]'));
    const tagged = await tagWhenPossible(page);
    const ready = await page.evaluate(() => window.__fv.untilFn('appReady'));
    const taken = await page.evaluate(() => !!document.querySelector('#glossa span.s[data-sentence-id="s1"][data-tag="claim"]'));
    if (!taken) throw new Error('the app did not keep the tag made before it was ready');
    const bytes = bytesBefore(requests, `${BASE}/`, tagged.painted);
    if (process.env.FIRST_VISIT_DEBUG) {
      logRequests(requests);
      log('  marks', JSON.stringify(await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]))));
    }
    if (errors.length) results.notes.push(`page errors: ${errors.slice(0, 3).join(' | ')}`);
    return { text_shown: shown.painted, interactive: tagged.painted, app_ready: ready.painted, code_bytes: bytes?.code ?? null, counted: bytes?.counted ?? [] };
  } finally {
    await context.close();
  }
}

async function glossaBig(browser) {
  const { context, page, errors, requests } = await throttledPage(browser);
  try {
    await page.goto(`${BASE}/`, { waitUntil: 'commit' });
    const ready = await page.evaluate(() => window.__fv.untilFn('appReady'));
    if (process.env.FIRST_VISIT_DEBUG) {
      logRequests(requests);
      log('  ready', ready.painted);
    }
    await page.click('#glossa button[aria-keyshortcuts="o"]');
    await page.waitForSelector('#f-file');
    await page.setInputFiles('#f-file', ARTICLE);
    const shown = await page.evaluate((n) => window.__fv.untilFn('docShown', n), BIG_SENTENCES);
    const tagged = await tagWhenPossible(page);
    if (errors.length) results.notes.push(`page errors: ${errors.slice(0, 3).join(' | ')}`);
    return { text_shown: shown.painted, interactive: tagged.painted };
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const started = Date.now();
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
const loadBefore = load();
try {
  for (let rep = 1; rep <= REPS; rep++) {
    for (const [list, run, what] of [
      [results.builtin.static, () => staticVisit(browser, 'builtin.html'), 'built-in, static'],
      [results.builtin.glossa, () => glossaBuiltin(browser), 'built-in, Glossa'],
      [results.big.static, () => staticVisit(browser, 'article-2mb.html'), '2 MB, static'],
      [results.big.glossa, () => glossaBig(browser), '2 MB, Glossa'],
    ]) {
      try {
        const r = await run();
        list.push(r);
        log(`rep ${rep} ${what}: ${Object.entries(r).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
      } catch (e) {
        results.notes.push(`rep ${rep} ${what}: ${e.message.split('\n')[0]}`);
        log(`rep ${rep} ${what} FAILED: ${e.message}`);
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}

const pick = (list, k) => stats(list.map((r) => r[k]));
const staticBuiltin = pick(results.builtin.static, 'text_shown');
const staticBig = pick(results.big.static, 'text_shown');
const rows = [];
const row = (measure, g, s, target, met, unit = 'ms') => rows.push({ measure, glossa: g, static: s, ratio: s && g.median != null && s.median ? g.median / s.median : null, target, met, unit });
const ratioMet = (limit) => (g, s) => g.median != null && s?.median ? g.median / s.median <= limit : null;
const add2 = (measure, g, s, target, check, unit) => row(measure, g, s, target, check ? check(g, s) : null, unit);
add2('built-in article: text shown', pick(results.builtin.glossa, 'text_shown'), staticBuiltin, 'ratio ≤ 1.5', ratioMet(1.5));
add2('built-in article: interactive (click s1, key 1 tags it)', pick(results.builtin.glossa, 'interactive'), staticBuiltin, 'ratio ≤ 4', ratioMet(4));
add2('built-in article: the app ready (every control)', pick(results.builtin.glossa, 'app_ready'), staticBuiltin, '—', null);
add2('built-in article: JS + wasm transferred until interactive', stats(results.builtin.glossa.map((r) => r.code_bytes / 1000)), null, '≤ 100 kB', (g) => g.median != null && g.max <= 100, 'kB');
add2('2 MB article opened from the file picker: first screen', pick(results.big.glossa, 'text_shown'), staticBig, '—', null);
add2('2 MB article opened from the file picker: interactive', pick(results.big.glossa, 'interactive'), staticBig, '—', null);

const fmt = (s, unit) => (s && s.median != null ? `${s.median.toFixed(unit === 'kB' ? 1 : 0)} (${s.min.toFixed(unit === 'kB' ? 1 : 0)}–${s.max.toFixed(unit === 'kB' ? 1 : 0)}) ${unit}` : 'n/a');
const metText = (m) => (m === true ? 'met' : m === false ? 'missed' : '');
const md = [];
md.push(`#### First visit over slow 4G (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
md.push('');
md.push(`Network: ${NETWORK.down / 1e6} Mbit/s down, ${NETWORK.up / 1e3} kbit/s up, ${NETWORK.latency} ms round trip (CDP emulation); every file brotli 11; a fresh context per visit (no cache, no service worker). ${REPS} repetitions. Machine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores; load average before/after: ${loadBefore} / ${load()}.`);
md.push('');
md.push('| measure | Glossa median (min–max) | static median (min–max) | ratio | target |  |');
md.push('|---|---|---|---|---|---|');
for (const r of rows) md.push(`| ${r.measure} | ${fmt(r.glossa, r.unit)} | ${fmt(r.static, r.unit)} | ${r.ratio == null ? '' : r.ratio.toFixed(2)} | ${r.target} | ${metText(r.met)} |`);
const counted = results.builtin.glossa[0]?.counted ?? [];
md.push('');
md.push(`Code requested before "interactive" (first repetition, bytes on the wire): ${counted.join(', ') || 'none'}.`);
if (results.notes.length) {
  md.push('');
  md.push(`Notes: ${results.notes.join('; ')}`);
}
fs.writeFileSync(path.join(WORK, 'first-visit.json'), JSON.stringify({ ...results, rows, seconds: (Date.now() - started) / 1000 }, null, 2));
fs.writeFileSync(path.join(WORK, 'first-visit.md'), md.join('\n') + '\n');
console.log(md.join('\n'));
