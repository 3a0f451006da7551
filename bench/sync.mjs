// Glossa's team-sync benchmark: a project of D documents × A annotators ×
// K annotations each on a CouchDB-compatible server, in headless Chromium
// (playwright-core driving /usr/bin/chromium; no downloaded browser).
//
//   node bench/sync.mjs --dist dist --work target/bench --cli PATH/glossa-cli
//        [--docs 200] [--annotators 5] [--annotations 200] [--reps 3]
//        [--changes 20] [--pause-max 30000] [--chromium /usr/bin/chromium]
//        [--service-workers allow|block] [--timeout 1800]
//
// Every pull runs in a fresh Chromium with a new profile folder on disk.
// `--service-workers block` runs the app without its service worker (a
// diagnosis: see BENCHMARKS.md). SYNC_BENCH_DEBUG=1 logs every request and
// console line of the pages; SYNC_BENCH_LOG=FILE writes the proxy's log of
// the latency series.
// 1. Initial pull: a curator signs in through the Team dialog in a fresh
//    browser context; timed from the sign-in form's submit event until the
//    curator's table shows every annotator's count on every document and the
//    top bar says "Synced". Then PouchDB 9 (the npm package's
//    dist/pouchdb.min.js) replicates the same databases as the same curator
//    into IndexedDB in a fresh context of the same origin, all at once and
//    one after another. Ratio Glossa / PouchDB.
// 2. Change → curator view: an annotator tags (then untags) a sentence by
//    keyboard; timed from the keydown (Date.now() in the annotator's page)
//    to the MutationObserver callback in the curator's page that sees that
//    annotator's count on that document change (Date.now(); same machine,
//    same clock). A random pause (0 … --pause-max ms) before each change, so
//    that changes land at any point of the curator's wait for news.
//
// The server: the PouchDB server from npm (in memory) started here, or the
// CouchDB at COUCHDB_URL=http://ADMIN:PASSWORD@host:port. The project is set
// up with `glossa-cli project create|add-docs|add-member` (as the README
// says), then the annotators' work is written as admin with _bulk_docs
// (bodies exactly as the app and `glossa-cli project push` write them).
// A local Node server serves dist/ and proxies /couchdb/* to the team server
// (one origin, as deployed; `Connection: close`, like the end-to-end tests).
//
// Writes --work/sync.json and --work/sync.md; see BENCHMARKS.md.

import { chromium } from 'playwright-core';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const num = (v, d) => (v === undefined ? d : Number(v));
const DIST = path.resolve(args.dist ?? 'dist');
const WORK = path.resolve(args.work ?? 'target/bench');
const CLI = path.resolve(args.cli ?? 'target/bench-cli/release/glossa-cli');
const DOCS = num(args.docs, 200);
const ANNOTATORS = num(args.annotators, 5);
const K = num(args.annotations, 200);
const REPS = num(args.reps, 3);
const CHANGES = num(args.changes, 20);
const PAUSE_MAX = num(args['pause-max'], 30000);
const CHROMIUM = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = num(args.timeout, 1800) * 1000; // one initial pull, ms
const CHANGE_TIMEOUT = 120_000;
// `block` runs the app without its service worker (a diagnosis: by default
// the app runs as shipped, its service worker in front of every request).
const SERVICE_WORKERS = args['service-workers'] ?? 'allow';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

for (const [name, v] of [['docs', DOCS], ['annotators', ANNOTATORS], ['annotations', K]]) {
  if (!Number.isInteger(v) || v < 1) {
    console.error(`sync bench: --${name} must be a positive integer`);
    process.exit(2);
  }
}
for (const f of [path.join(DIST, 'index.html'), CLI]) {
  if (!fs.existsSync(f)) {
    console.error(`sync bench: ${f} is missing (scripts/bench.sh sync makes it)`);
    process.exit(2);
  }
}
let POUCHDB_JS;
try {
  POUCHDB_JS = path.join(path.dirname(require.resolve('pouchdb/package.json')), 'dist', 'pouchdb.min.js');
} catch {
  console.error('sync bench: the npm package pouchdb is missing (npm install --no-save pouchdb@9.0.0; scripts/bench.sh sync does it)');
  process.exit(2);
}
const POUCHDB_VERSION = require('pouchdb/package.json').version;

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// Nearest rank.
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] : null;
};
const stats = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length
    ? { n: v.length, median: median(v), p95: quantile(v, 0.95), min: Math.min(...v), max: Math.max(...v), values: v }
    : { n: 0, median: null, p95: null, min: null, max: null, values: [] };
};

const started = Date.now();
const results = {
  params: { docs: DOCS, annotators: ANNOTATORS, annotations: K, reps: REPS, changes: CHANGES, pause_max_ms: PAUSE_MAX, service_workers: SERVICE_WORKERS },
  notes: [],
  initial: [],
  latency: [],
};

// ---------------------------------------------------------------------------
// The articles and the annotators' work, with glossa-cli
// ---------------------------------------------------------------------------

// Each document: the built-in seed article with its own title (so every text,
// and so its SHA-256, differs), grown by `generate` to just enough bytes for
// K sentences, and a Glossa JSON file of K whole-sentence annotations on it.
const DATA = path.join(WORK, 'sync-data');
fs.rmSync(DATA, { recursive: true, force: true });
fs.mkdirSync(DATA, { recursive: true });
const seedText = fs.readFileSync(path.join(ROOT, 'assets', 'voa-counterespionage.txt'), 'utf8');
const seedLines = seedText.split('\n');
const titleAt = seedLines.findIndex((l, i) => i > 0 && l.trim() !== '');
const seedTitle = seedLines[titleAt];
let bytes = Math.max(3000, 100 * K + 1500);
const docs = [];
log(`generating ${DOCS} articles with ${K} annotations each (glossa-cli generate)`);
for (let i = 0; i < DOCS; i++) {
  const id = String(i + 1).padStart(String(DOCS).length, '0');
  const seed = path.join(DATA, `seed-${id}.txt`);
  const lines = [...seedLines];
  lines[titleAt] = `Desk ${id}: ${seedTitle}`;
  fs.writeFileSync(seed, lines.join('\n'));
  const txt = path.join(DATA, `doc-${id}.txt`);
  const json = path.join(DATA, `doc-${id}.glossa.json`);
  for (;;) {
    try {
      const out = execFileSync(CLI, ['generate', '--bytes', String(bytes), '--annotations', String(K), '--out-json', json, seed], {
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 1 << 28,
      });
      fs.writeFileSync(txt, out);
      break;
    } catch (e) {
      if (!String(e.stderr).includes('sentences')) throw e;
      bytes = Math.ceil(bytes * 1.25);
    }
  }
  fs.rmSync(seed);
  const glossa = JSON.parse(fs.readFileSync(json, 'utf8'));
  const tagged = new Set(glossa.annotations.map((a) => a.target.sentence_id));
  docs.push({ id, txt, sha: glossa.document.text_sha256, title: glossa.document.title, glossa, tagged, bytes: fs.statSync(txt).size });
}
if (new Set(docs.map((d) => d.sha)).size !== DOCS) throw new Error('two generated articles have the same text');
const workBytes = docs.reduce((n, d) => n + JSON.stringify(d.glossa).length, 0);
results.data = {
  article_bytes: { min: Math.min(...docs.map((d) => d.bytes)), max: Math.max(...docs.map((d) => d.bytes)), total: docs.reduce((n, d) => n + d.bytes, 0) },
  glossa_json_bytes_per_annotator: workBytes,
  work_documents: DOCS * ANNOTATORS,
};
log(`articles ${results.data.article_bytes.min}–${results.data.article_bytes.max} bytes; work ${(workBytes / 1e6).toFixed(1)} MB per annotator (compact JSON)`);

// ---------------------------------------------------------------------------
// The team server
// ---------------------------------------------------------------------------

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let couch; // { host, port, admin: [user, pw], child?, kind }
const external = process.env.COUCHDB_URL;
if (external) {
  const u = new URL(external);
  if (!u.username || !u.password || !u.port) {
    console.error('sync bench: COUCHDB_URL must be http://ADMIN:PASSWORD@host:port');
    process.exit(2);
  }
  couch = { host: u.hostname, port: Number(u.port), admin: [decodeURIComponent(u.username), decodeURIComponent(u.password)], kind: 'CouchDB at COUCHDB_URL' };
} else {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'pouchdb-server');
  if (!fs.existsSync(bin)) {
    console.error(`sync bench: ${bin} is missing (npm ci)`);
    process.exit(2);
  }
  const home = path.join(WORK, 'sync-server');
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });
  const port = await freePort();
  const out = fs.openSync(path.join(home, 'server.log'), 'w');
  // Without this the PouchDB server crashes when a member loses access with
  // a request under way (an unhandled rejection in pouchdb-security).
  const env = { ...process.env, NODE_OPTIONS: '--unhandled-rejections=warn' };
  const child = spawn(bin, ['--in-memory', '--host', '127.0.0.1', '--port', String(port)], { cwd: home, env, stdio: ['ignore', out, out] });
  couch = { host: '127.0.0.1', port, admin: ['admin', 'bench-admin-pw'], child, kind: 'PouchDB server 4.2.0 (npm pouchdb-server), in memory' };
  child.on('exit', (code, signal) => {
    if (!couch.stopping) {
      const note = `the PouchDB server (pid ${child.pid}) exited during the run (code ${code}, signal ${signal}): what follows failed for that reason`;
      results.notes.push(note);
      log(note);
    }
  });
}
const COUCH_URL = `http://${couch.host}:${couch.port}`;
const stopServer = () => {
  couch.stopping = true;
  if (couch.child && couch.child.exitCode === null) couch.child.kill();
};
process.on('exit', stopServer);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopServer();
    process.exit(130);
  });
}

/** One request to the team server: { status, body }. */
function couchCall(method, p, body, auth = couch.admin) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { Accept: 'application/json', Connection: 'close' };
    if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString('base64')}`;
    if (data) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': data.length });
    const req = http.request({ host: couch.host, port: couch.port, method, path: p, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, body: parsed });
      });
    });
    req.setTimeout(300_000, () => req.destroy(new Error(`${method} ${p}: no answer in 300 s`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

{
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await couchCall('GET', '/', undefined, null).catch(() => null);
    if (r && r.status === 200) {
      couch.welcome = r.body;
      break;
    }
    if (Date.now() > deadline) throw new Error(`the team server at ${COUCH_URL} did not answer`);
    await sleep(100);
  }
  if (couch.child) {
    const r = await couchCall('PUT', '/_config/admins/admin', couch.admin[1], null);
    if (r.status >= 300) throw new Error(`making the admin: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

// Names: plain ones on the throwaway server; on a real server a token of
// this run in every name, so nothing there is reused or overwritten.
const token = external ? `gb${Date.now().toString(36)}` : '';
const PROJECT = external ? token : 'bench';
const PASSWORD = 'bench-member-pw';
const annotators = Array.from({ length: ANNOTATORS }, (_, j) => (external ? `${token}a${j + 1}` : `annotator${j + 1}`));
const curator = external ? `${token}c` : 'curator';
/** A user name as part of a database name (glossa_core::couch::project::encode_user). */
function encodeUser(user) {
  let out = '';
  for (const b of Buffer.from(user, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[a-z0-9]/.test(c) ? c : `$${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}
const docsDb = `glossa-${PROJECT}-docs`;
const workDb = (user) => `glossa-${PROJECT}-work-${encodeUser(user)}`;
const dbs = [docsDb, workDb(curator), ...annotators.map(workDb)];
const createdUsers = [];

function cli(...a) {
  return execFileSync(CLI, a, {
    env: {
      ...process.env,
      GLOSSA_SERVER: COUCH_URL,
      GLOSSA_ADMIN_USER: couch.admin[0],
      GLOSSA_ADMIN_PASSWORD: couch.admin[1],
      GLOSSA_MEMBER_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  }).toString();
}

async function setUp() {
  const t0 = Date.now();
  log(`setting up project “${PROJECT}” on ${couch.kind} (${COUCH_URL})`);
  cli('project', 'create', '--project', PROJECT);
  cli('project', 'add-docs', '--project', PROJECT, ...docs.map((d) => d.txt));
  for (const [name, role] of [[curator, 'curator'], ...annotators.map((a) => [a, 'annotator'])]) {
    const before = await couchCall('GET', `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`);
    if (before.status === 404) createdUsers.push(name);
    cli('project', 'add-member', '--project', PROJECT, name, '--role', role);
  }
  // The annotators' work, as `glossa-cli project push` writes it.
  const BATCH = 20;
  for (const a of annotators) {
    for (let i = 0; i < DOCS; i += BATCH) {
      const batch = docs.slice(i, i + BATCH).map((d) => {
        const glossa = { ...d.glossa };
        delete glossa.annotator;
        return { _id: `work:${d.sha}`, type: 'work', annotator: a, document: d.sha, glossa };
      });
      const r = await couchCall('POST', `/${encodeURIComponent(workDb(a))}/_bulk_docs`, { docs: batch });
      const bad = Array.isArray(r.body) ? r.body.find((x) => x.error) : r.body;
      if (r.status >= 300 || bad) throw new Error(`writing ${a}'s work: ${r.status} ${JSON.stringify(bad).slice(0, 300)}`);
    }
  }
  for (const name of dbs) {
    const r = await couchCall('GET', `/${encodeURIComponent(name)}`);
    if (r.status !== 200) throw new Error(`${name}: ${r.status}`);
  }
  results.setup_seconds = (Date.now() - t0) / 1000;
  log(`set up in ${results.setup_seconds.toFixed(1)} s: ${dbs.length} databases`);
}

async function tearDown() {
  if (!external) return;
  for (const name of dbs) await couchCall('DELETE', `/${encodeURIComponent(name)}`).catch(() => {});
  for (const name of createdUsers) {
    const id = `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
    const r = await couchCall('GET', id).catch(() => null);
    if (r && r.status === 200) await couchCall('DELETE', `${id}?rev=${r.body._rev}`).catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// The bench server: dist/ at /, PouchDB's page at /__bench/, the team
// server at /couchdb/ (proxied; longpolls streamed; every request logged).
// ---------------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
function resolveFile(root, urlPath) {
  const rel = decodeURIComponent(urlPath.split(/[?#]/)[0]).replace(/^\/+/, '') || 'index.html';
  if (rel.split('/').some((s) => s === '..' || s === '.' || s === '')) return null;
  const full = path.join(root, rel);
  if (!full.startsWith(root + path.sep)) return null;
  return fs.existsSync(full) && fs.statSync(full).isFile() ? full : null;
}
const POUCH_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PouchDB</title><script src="/__bench/pouchdb.min.js"></script></head><body>PouchDB ' + POUCHDB_VERSION + '</body></html>\n';

/** The session cookie's user (CouchDB's AuthSession is base64 of "name:time:hmac"). */
function cookieUser(cookie) {
  const m = /AuthSession=([^;]+)/.exec(cookie ?? '');
  if (!m) return null;
  try {
    return Buffer.from(decodeURIComponent(m[1]).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8').split(':')[0];
  } catch {
    return null;
  }
}

const meter = { requests: 0, up: 0, down: 0, events: null, encodings: new Set() };
function proxy(req, res) {
  const target = req.url.slice('/couchdb'.length) || '/';
  const headers = { ...req.headers };
  delete headers['keep-alive'];
  headers.connection = 'close';
  headers.host = `${couch.host}:${couch.port}`;
  const ev = { start: Date.now(), method: req.method, path: target, user: cookieUser(req.headers.cookie), status: 0, up: 0, down: 0, end: null };
  meter.requests++;
  req.on('data', (c) => {
    ev.up += c.length;
    meter.up += c.length;
  });
  const up = http.request({ host: couch.host, port: couch.port, method: req.method, path: target, headers, agent: false }, (ur) => {
    const h = { ...ur.headers };
    delete h.connection;
    delete h['keep-alive'];
    delete h['transfer-encoding'];
    h.connection = 'close';
    h['cache-control'] = 'no-store';
    ev.status = ur.statusCode;
    if (ur.headers['content-encoding']) meter.encodings.add(ur.headers['content-encoding']);
    res.writeHead(ur.statusCode, h);
    ur.on('data', (c) => {
      ev.down += c.length;
      meter.down += c.length;
    });
    ur.on('end', () => {
      ev.end = Date.now();
    });
    ur.pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end();
  });
  // The page gave up (a longpoll past the app's own deadline): so do we.
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  if (meter.events) meter.events.push(ev);
  req.pipe(up);
}

const server = http.createServer((req, res) => {
  if (req.url === '/couchdb' || req.url.startsWith('/couchdb/')) return proxy(req, res);
  let body = null;
  let type = null;
  if (req.method === 'GET') {
    if (req.url === '/__bench/pouch.html') {
      body = Buffer.from(POUCH_PAGE);
      type = TYPES['.html'];
    } else if (req.url === '/__bench/pouchdb.min.js') {
      body = fs.readFileSync(POUCHDB_JS);
      type = TYPES['.js'];
    } else {
      const file = resolveFile(DIST, req.url);
      if (file) {
        body = fs.readFileSync(file);
        type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      }
    }
  }
  if (!body) {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end('not found\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------------------
// In the pages
// ---------------------------------------------------------------------------

// Before the app's own scripts: the time of the sign-in form's submit
// (capturing, on the document: before the app's handler), and the keydowns.
const PROBE = `(() => {
  window.__sync = { submit: null, keys: [] };
  document.addEventListener('submit', (e) => {
    if (e.target && e.target.matches && e.target.matches('form.sign-in')) {
      window.__sync.submit = performance.now();
      window.__sync.submitEpoch = Date.now();
    }
  }, true);
  window.addEventListener('keydown', (e) => {
    if (e.isTrusted) window.__sync.keys.push({ key: e.key, at: Date.now() });
  }, true);
})();`;

// Every browser is a fresh one: its own profile folder on disk (so
// IndexedDB is written to disk as in a person's browser, not kept in memory
// as in an incognito context), removed when it is closed.
const PROFILES = path.join(WORK, 'sync-profiles');
fs.rmSync(PROFILES, { recursive: true, force: true });
let profiles = 0;
async function newPage(label = 'page') {
  const dir = path.join(PROFILES, `${++profiles}-${label}`);
  const context = await chromium.launchPersistentContext(dir, {
    serviceWorkers: SERVICE_WORKERS,
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  await context.addInitScript(PROBE);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  if (process.env.SYNC_BENCH_DEBUG) {
    page.on('request', (r) => log(`${label} →`, r.method(), r.url().slice(0, 140)));
    page.on('requestfailed', (r) => log(`${label} ✗`, r.method(), r.url().slice(0, 140), r.failure()?.errorText));
    page.on('requestfinished', (r) => log(`${label} ✓`, r.method(), r.url().slice(0, 140)));
    page.on('console', (m) => log(`${label} console:`, m.text().slice(0, 300)));
  }
  return { context, page };
}

const sentenceSel = (sid) => `div.sentences[role="listbox"] span.s[data-sentence-id="${sid}"]`;

/** Clicks a sentence as a person would: mouse on its first line. */
async function clickSentence(page, sid) {
  const box = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    el.scrollIntoView({ block: 'center' });
    const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
    return { x: r.left + Math.min(r.width / 2, 20), y: r.top + r.height / 2 };
  }, sentenceSel(sid));
  if (!box) throw new Error(`sentence ${sid} is not in the page`);
  await page.mouse.click(box.x, box.y);
}

/** Opens the app, the Team dialog, and submits the sign-in form. */
async function signIn(page, name) {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('button.sync-button', { timeout: 60_000 });
  await page.click('button.sync-button');
  await page.waitForSelector('form.sign-in input[name=name]');
  await page.fill('form.sign-in input[name=name]', name);
  await page.fill('form.sign-in input[name=password]', PASSWORD);
  await page.click('form.sign-in button[type=submit]');
}

/**
 * Waits in the page (polled every 25 ms) until the curator's table lists
 * every document with every annotator's count `k`, and the top bar says
 * synced; marks (performance.now()) when documents were first listed, all
 * counts shown, synced first seen, and both.
 */
function waitCurator(page, timeout) {
  return page.evaluate(
    ([annotators, k, docsN, timeout]) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const marks = {};
        const check = () => {
          const now = performance.now();
          const rows = document.querySelectorAll('table.team-docs tbody tr');
          if (rows.length > 0 && marks.listed == null) marks.listed = now;
          let complete = rows.length === docsN;
          if (complete) {
            outer: for (const r of rows) {
              for (const a of annotators) {
                const td = r.querySelector(`td[data-member="${a}"]`);
                if (!td || td.textContent.trim() !== String(k)) {
                  complete = false;
                  break outer;
                }
              }
            }
          }
          if (complete && marks.counts == null) marks.counts = now;
          const synced = !!document.querySelector('button.sync-button[data-sync="synced"]');
          if (synced && marks.synced == null) marks.synced = now;
          if (complete && synced) {
            marks.end = now;
            resolve({ marks, submit: window.__sync.submit, rows: rows.length });
          } else if (now - t0 > timeout) {
            const b = document.querySelector('button.sync-button');
            resolve({ marks, submit: window.__sync.submit, rows: rows.length, timeout: true, status: b ? `${b.dataset.sync}: ${b.title}` : null, detail: document.querySelector('.sync-detail')?.textContent });
          } else setTimeout(check, 25);
        };
        check();
      }),
    [annotators, K, DOCS, timeout],
  );
}

async function glossaPull(rep) {
  const { context, page } = await newPage('glossa');
  try {
    const before = { ...meter, events: undefined };
    await signIn(page, curator);
    const r = await waitCurator(page, TIMEOUT);
    const traffic = { requests: meter.requests - before.requests, up: meter.up - before.up, down: meter.down - before.down };
    if (r.timeout) {
      const note = `Glossa initial pull, repetition ${rep}: not complete after ${TIMEOUT / 1000} s (rows ${r.rows}; ${r.status}; ${r.detail})`;
      results.notes.push(note);
      log(note);
      return { rep, error: note, traffic };
    }
    const rel = (t) => (t == null ? null : (t - r.submit) / 1000);
    const out = { rep, seconds: rel(r.marks.end), listed: rel(r.marks.listed), counts: rel(r.marks.counts), synced: rel(r.marks.synced), traffic };
    log(`Glossa rep ${rep}: ${out.seconds.toFixed(2)} s (documents listed ${out.listed?.toFixed(2)} s, counts ${out.counts?.toFixed(2)} s, synced ${out.synced?.toFixed(2)} s); ${traffic.requests} requests, ${(traffic.down / 1e6).toFixed(1)} MB down`);
    return out;
  } finally {
    await context.close();
  }
}

async function pouchPull(rep, mode) {
  const { context, page } = await newPage(`pouchdb-${mode}`);
  try {
    await page.goto(`${BASE}/__bench/pouch.html`);
    await page.waitForFunction(() => typeof window.PouchDB === 'function');
    const before = { ...meter, events: undefined };
    const r = await page.evaluate(
      async ([dbs, user, password, mode]) => {
        const t0 = performance.now();
        const s = await fetch('/couchdb/_session', {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ name: user, password }),
        });
        if (!s.ok) return { error: `sign-in: ${s.status}` };
        const one = async (name) => {
          const remote = new PouchDB(`${location.origin}/couchdb/${encodeURIComponent(name)}`, {
            skip_setup: true,
          });
          const local = new PouchDB(`bench-${name}`);
          const t = performance.now();
          const info = await PouchDB.replicate(remote, local);
          return { name, seconds: (performance.now() - t) / 1000, docs_written: info.docs_written, local: local };
        };
        let per;
        if (mode === 'parallel') per = await Promise.all(dbs.map(one));
        else {
          per = [];
          for (const d of dbs) per.push(await one(d));
        }
        const seconds = (performance.now() - t0) / 1000;
        for (const p of per) {
          p.doc_count = (await p.local.info()).doc_count;
          delete p.local;
        }
        return { seconds, per };
      },
      [dbs, curator, PASSWORD, mode],
    );
    const traffic = { requests: meter.requests - before.requests, up: meter.up - before.up, down: meter.down - before.down };
    if (r.error) {
      results.notes.push(`PouchDB (${mode}) repetition ${rep}: ${r.error}`);
      return { rep, error: r.error, traffic };
    }
    const want = (name) => (name === docsDb ? DOCS + 1 : annotators.some((a) => workDb(a) === name) ? DOCS : 0);
    for (const p of r.per) {
      // A real CouchDB also has each work database's design document.
      if (p.doc_count !== want(p.name) && p.doc_count !== want(p.name) + 1) {
        results.notes.push(`PouchDB (${mode}) repetition ${rep}: ${p.name} has ${p.doc_count} documents, expected ${want(p.name)}`);
      }
    }
    log(`PouchDB ${mode} rep ${rep}: ${r.seconds.toFixed(2)} s; ${traffic.requests} requests, ${(traffic.down / 1e6).toFixed(1)} MB down`);
    return { rep, seconds: r.seconds, per: r.per, traffic };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------
// Change → curator view
// ---------------------------------------------------------------------------

// A fixed-seed generator for the pauses: the same run pauses the same way.
let lcg = 0x5eed;
const random = () => {
  lcg = (Math.imul(lcg, 1103515245) + 12345) >>> 0;
  return lcg / 2 ** 32;
};

async function latency() {
  const doc = docs[0];
  const who = annotators[0];
  // The sentence to change: the first without an annotation (tag it, then
  // remove the tag), else s1 (remove its tag, then put it back).
  const total = doc.glossa.annotations.length;
  let sid = null;
  for (let n = 1; n <= total + 1 && !sid; n++) if (!doc.tagged.has(`s${n}`)) sid = `s${n}`;
  const wasTagged = !sid;
  if (!sid) sid = 's1';
  const originalKey = { claim: '1', denial: '2', quote: '3' }[doc.glossa.annotations.find((a) => a.target.sentence_id === sid)?.tag] ?? '1';
  const steps = Array.from({ length: CHANGES }, (_, i) =>
    wasTagged ? (i % 2 === 0 ? { key: '0', count: K - 1 } : { key: originalKey, count: K }) : i % 2 === 0 ? { key: '1', count: K + 1 } : { key: '0', count: K },
  );

  const cur = await newPage('curator');
  const ann = await newPage('annotator');
  try {
    log('latency: the curator signs in and pulls (not timed)');
    await signIn(cur.page, curator);
    const c = await waitCurator(cur.page, TIMEOUT);
    if (c.timeout) throw new Error(`the curator's view did not complete: ${c.status}`);
    log(`latency: ${who} signs in and pulls their own work (not timed)`);
    await signIn(ann.page, who);
    await ann.page.waitForSelector('button.sync-button[data-sync="synced"]', { timeout: TIMEOUT });
    const row = `table.team-docs tr[data-doc="${doc.sha}"]`;
    await ann.page.waitForSelector(`${row} th button`);
    await ann.page.click(`${row} th button`);
    await ann.page.waitForSelector(sentenceSel(sid));
    // The work from the server is what the document shows.
    await ann.page.waitForFunction(
      ([sel, tagged]) => {
        const el = document.querySelector(sel);
        return !!el && el.hasAttribute('data-tag') === tagged;
      },
      [sentenceSel(sid), wasTagged],
    );
    if (await ann.page.$('div.dialog.team')) await ann.page.keyboard.press('Escape');
    const cell = `table.team-docs tr[data-doc="${doc.sha}"] td[data-member="${who}"]`;
    const shown = await cur.page.textContent(cell);
    if (shown.trim() !== String(K)) throw new Error(`the curator's cell reads ${shown}, not ${K}`);
    log(`latency: ${CHANGES} changes on ${sid} of “${doc.title}” by ${who}; random pause 0–${PAUSE_MAX} ms before each`);

    meter.events = [];
    const ownDb = `/${encodeURIComponent(workDb(who))}/`;
    for (let i = 0; i < CHANGES; i++) {
      const { key, count } = steps[i];
      const pause = Math.round(random() * PAUSE_MAX);
      await sleep(pause);
      // Select the sentence (clicked, as a person does).
      await clickSentence(ann.page, sid);
      await ann.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true', sentenceSel(sid));
      // The curator's page watches its cell (MutationObserver).
      const seen = cur.page.evaluate(
        ([sel, want, timeout]) =>
          new Promise((resolve) => {
            const done = (r) => {
              obs.disconnect();
              clearTimeout(timer);
              resolve(r);
            };
            const check = () => {
              const td = document.querySelector(sel);
              if (td && td.textContent.trim() === want) done({ at: Date.now() });
            };
            const obs = new MutationObserver(check);
            obs.observe(document.body, { subtree: true, childList: true, characterData: true });
            const timer = setTimeout(() => done({ timeout: true, text: document.querySelector(sel)?.textContent }), timeout);
            check();
          }),
        [cell, String(count), CHANGE_TIMEOUT],
      );
      const keysBefore = await ann.page.evaluate(() => window.__sync.keys.length);
      const eventsFrom = meter.events.length;
      await ann.page.keyboard.press(key);
      // The annotator's own page shows the change (else the key missed).
      const local = await ann.page
        .waitForFunction(
          ([sel, tagged]) => {
            const el = document.querySelector(sel);
            return el && el.hasAttribute('data-tag') === tagged ? Date.now() : false;
          },
          [sentenceSel(sid), key !== '0'],
          { timeout: 10_000 },
        )
        .then((h) => h.jsonValue())
        .catch(() => null);
      const r = await seen;
      const down = await ann.page.evaluate((n) => window.__sync.keys[n], keysBefore);
      if (r.timeout || !down || !local) {
        const state = await ann.page.evaluate((sel) => {
          const b = document.querySelector('button.sync-button');
          const el = document.querySelector(sel);
          return {
            sync: b ? `${b.dataset.sync}: ${b.title || b.textContent.trim()}` : null,
            tag: el ? el.getAttribute('data-tag') : 'not in the page',
            selected: el ? el.getAttribute('aria-selected') : null,
            banner: [...document.querySelectorAll('[role=alert], .banner, .form-error')].map((e) => e.textContent.trim()).join(' | ').slice(0, 300),
            toolbar: document.querySelector('.toolbar, header')?.textContent.replace(/\s+/g, ' ').trim().slice(0, 200),
          };
        }, sentenceSel(sid));
        const mine = meter.events.slice(eventsFrom).filter((e) => e.user === who).map((e) => `${((e.start - (down?.at ?? e.start)) / 1000).toFixed(1)}s ${e.method} ${e.path.replace(ownDb, '…/').slice(0, 60)} ${e.status}`);
        const docPath = `/${encodeURIComponent(workDb(who))}/${encodeURIComponent(`work:${doc.sha}`)}`;
        const winner = await couchCall('GET', `${docPath}?conflicts=true&revs=true`).catch((e) => ({ body: String(e) }));
        const leaves = await couchCall('GET', `${docPath}?open_revs=all`).catch((e) => ({ body: String(e) }));
        const server = {
          winner: winner.body?._rev,
          winner_annotations: winner.body?.glossa?.annotations?.length,
          winner_history: winner.body?._revisions ? `${winner.body._revisions.start}: ${winner.body._revisions.ids.length} ids` : null,
          conflicts: winner.body?._conflicts ?? [],
          leaves: Array.isArray(leaves.body) ? leaves.body.map((l) => (l.ok ? `${l.ok._rev}${l.ok._deleted ? ' deleted' : ''} (${l.ok.glossa?.annotations?.length})` : JSON.stringify(l))) : leaves.body,
        };
        const curState = await cur.page.evaluate(() => {
          const b = document.querySelector('button.sync-button');
          return {
            sync: b ? `${b.dataset.sync}: ${b.title || b.textContent.trim()}` : null,
            detail: document.querySelector('.sync-detail')?.textContent,
            alerts: [...document.querySelectorAll('[role=alert]')].map((e) => e.textContent.trim()).join(' | ').slice(0, 300),
          };
        });
        const lastCur = meter.events.filter((e) => e.user === curator).slice(-12).map((e) => `${((e.start - (down?.at ?? e.start)) / 1000).toFixed(1)}s ${e.method} ${e.path.slice(0, 70)} ${e.status} ${e.end ? `${e.end - e.start}ms` : 'open'}`);
        results.notes.push(`curator at the failure: ${JSON.stringify(curState)}; its last requests: ${lastCur.join('; ')}`);
        log(results.notes[results.notes.length - 1]);
        const theirs = meter.events.slice(eventsFrom).filter((e) => e.user === curator && e.path.startsWith(ownDb)).map((e) => `${((e.start - (down?.at ?? e.start)) / 1000).toFixed(1)}s ${e.method} ${e.path.replace(ownDb, '…/').slice(0, 60)} ${e.status} ${e.down}B`);
        const note = `change ${i + 1} (key ${key}): ${!down ? 'no keydown seen' : !local ? "the annotator's page did not show the change within 10 s" : `the curator's cell read ${r.text} after ${CHANGE_TIMEOUT / 1000} s, not ${count}`}; the annotator's page: ${JSON.stringify(state)}; the annotator's requests since: ${mine.join('; ') || 'none'}; the curator's requests on that database since: ${theirs.join('; ') || 'none'}; on the server: ${JSON.stringify(server)}. The series stops here.`;
        results.notes.push(note);
        log(note);
        results.latency.push({ i: i + 1, key, pause, error: note });
        break;
      }
      // The breakdown, from the proxy's log: the annotator's push of the
      // change (its _bulk_docs answered), and the curator's read of it
      // (its _bulk_get on that database answered).
      const evs = meter.events.slice(eventsFrom);
      const pushed = evs.find((e) => e.user === who && e.method === 'POST' && e.path.startsWith(ownDb + '_bulk_docs') && e.start >= down.at);
      const fetched = evs.find((e) => e.user === curator && e.method === 'POST' && e.path.startsWith(ownDb + '_bulk_get') && pushed && e.start >= pushed.end && e.end);
      const rec = {
        i: i + 1,
        key,
        expected: count,
        pause,
        ms: r.at - down.at,
        local_ms: local - down.at,
        pushed_ms: pushed?.end ? pushed.end - down.at : null,
        curator_fetched_ms: fetched?.end ? fetched.end - down.at : null,
      };
      results.latency.push(rec);
      log(`change ${i + 1}/${CHANGES} (${key}): ${rec.ms} ms (pushed at ${rec.pushed_ms} ms, curator fetched at ${rec.curator_fetched_ms} ms; pause ${pause} ms)`);
    }
    if (process.env.SYNC_BENCH_LOG) fs.writeFileSync(process.env.SYNC_BENCH_LOG, JSON.stringify(meter.events, null, 1));
    meter.events = null;
  } finally {
    await cur.context.close();
    await ann.context.close();
  }
}

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  ram_gb: +(os.totalmem() / 2 ** 30).toFixed(1),
  os: `${os.type()} ${os.release()}`,
  load_before: os.loadavg(),
};
try {
  machine.chromium = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
} catch (e) {
  machine.chromium = `unknown (${e.message})`;
}
machine.node = process.version;
machine.server = couch.kind;
machine.pouchdb = POUCHDB_VERSION;

try {
  await setUp();
  for (let rep = 1; rep <= REPS; rep++) {
    const g = await glossaPull(rep);
    const pp = await pouchPull(rep, 'parallel');
    const ps = await pouchPull(rep, 'sequential');
    results.initial.push({ rep, glossa: g, pouch_parallel: pp, pouch_sequential: ps });
  }
  if (CHANGES > 0) await latency();
} catch (e) {
  results.notes.push(`stopped: ${e.message}`);
  log(e.stack ?? e);
} finally {
  server.close();
  await tearDown().catch(() => {});
  stopServer();
}
machine.load_after = os.loadavg();
results.machine = machine;
results.content_encodings = [...meter.encodings];
results.seconds = (Date.now() - started) / 1000;

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

const g = stats(results.initial.map((r) => r.glossa?.seconds));
const pp = stats(results.initial.map((r) => r.pouch_parallel?.seconds));
const ps = stats(results.initial.map((r) => r.pouch_sequential?.seconds));
const lat = stats(results.latency.map((r) => r.ms));
const pushed = stats(results.latency.map((r) => r.pushed_ms));
const fetched = stats(results.latency.map((r) => r.curator_fetched_ms));
const ratio = (a, b) => (a.median && b.median ? a.median / b.median : null);
results.summary = {
  initial_pull_s: { glossa: g, pouch_parallel: pp, pouch_sequential: ps, ratio_parallel: ratio(g, pp), ratio_sequential: ratio(g, ps) },
  change_to_curator_ms: lat,
  change_pushed_ms: pushed,
  change_curator_fetched_ms: fetched,
};
const f1 = (x) => (x == null ? '–' : x.toFixed(1));
const f2 = (x) => (x == null ? '–' : x.toFixed(2));
const s = (x) => (x == null ? '–' : (x / 1000).toFixed(1));
const mmm = (st, f) => (st.n ? `${f(st.median)} (${f(st.min)}–${f(st.max)})` : '–');
const traffic = (k) => {
  const t = results.initial.map((r) => r[k]?.traffic).filter(Boolean)[0];
  return t ? `${t.requests} req, ${(t.down / 1e6).toFixed(1)} MB` : '–';
};
const md = [];
md.push(`#### Team sync (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
md.push('');
md.push(`Project: ${DOCS} documents (${results.data.article_bytes.min.toLocaleString('en')}–${results.data.article_bytes.max.toLocaleString('en')} bytes each) × ${ANNOTATORS} annotators × ${K} annotations (${(results.data.glossa_json_bytes_per_annotator / 1e6).toFixed(1)} MB of Glossa JSON per annotator), a curator; server: ${couch.kind}; PouchDB ${POUCHDB_VERSION} in the browser. ${REPS} repetitions, each in fresh browsers (a new Chromium profile on disk for every pull). Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ram_gb} GiB, ${machine.chromium}, Node ${machine.node}; load average before/after: ${machine.load_before.map((x) => x.toFixed(1)).join(' ')} / ${machine.load_after.map((x) => x.toFixed(1)).join(' ')}. Whole run: ${(results.seconds / 60).toFixed(1)} min.`);
md.push('');
md.push('| initial pull into a fresh browser | median (min–max), s | traffic (first rep) | Glossa / this |');
md.push('|---|---|---|---|');
md.push(`| Glossa: sign-in submitted → curator's table complete and "Synced" | ${mmm(g, f2)} | ${traffic('glossa')} | |`);
md.push(`| PouchDB: session + ${dbs.length} replications at once → all complete | ${mmm(pp, f2)} | ${traffic('pouch_parallel')} | ${f2(ratio(g, pp))}× |`);
md.push(`| PouchDB: session + ${dbs.length} replications one after another | ${mmm(ps, f2)} | ${traffic('pouch_sequential')} | ${f2(ratio(g, ps))}× |`);
const gl = results.initial.map((r) => r.glossa).filter((x) => x && x.seconds != null);
if (gl.length) {
  md.push('');
  md.push(`Glossa, within the pull (medians): documents listed at ${f2(median(gl.map((x) => x.listed)))} s, every count shown at ${f2(median(gl.map((x) => x.counts)))} s, "Synced" at ${f2(median(gl.map((x) => x.synced)))} s.`);
}
md.push('');
md.push(`| change → curator's view (${lat.n} changes) | median | p95 | min | max |`);
md.push('|---|---|---|---|---|');
md.push(`| keydown in the annotator's page → the curator's count changed, s | ${s(lat.median)} | ${s(lat.p95)} | ${s(lat.min)} | ${s(lat.max)} |`);
md.push(`| of which: keydown → the annotator's push answered, s | ${s(pushed.median)} | ${s(pushed.p95)} | ${s(pushed.min)} | ${s(pushed.max)} |`);
md.push(`| of which: keydown → the curator's read of that database answered, s | ${s(fetched.median)} | ${s(fetched.p95)} | ${s(fetched.min)} | ${s(fetched.max)} |`);
if (results.notes.length) {
  md.push('');
  md.push('Notes:');
  md.push('');
  for (const n of results.notes) md.push(`- ${n.length > 700 ? `${n.slice(0, 700)}… (whole note in sync.json)` : n}`);
}
const mdText = md.join('\n') + '\n';
fs.mkdirSync(WORK, { recursive: true });
fs.writeFileSync(path.join(WORK, 'sync.json'), JSON.stringify(results, null, 2) + '\n');
fs.writeFileSync(path.join(WORK, 'sync.md'), mdText);
console.log();
console.log('---- Markdown (also in ' + path.join(WORK, 'sync.md') + ') ----');
console.log(mdText);
console.log(`sync bench: ${results.seconds.toFixed(0)} s; JSON in ${path.join(WORK, 'sync.json')}`);
if (results.notes.length) process.exitCode = 1;
