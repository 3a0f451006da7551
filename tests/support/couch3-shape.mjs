// A proxy in front of the PouchDB server that answers the way CouchDB 3
// does where the two differ on the wire, so the team tests also meet what a
// real CouchDB sends (it is not a CouchDB: only these answers change).
//
//   node tests/support/couch3-shape.mjs --upstream 127.0.0.1:5984 --port 0
//
// Prints "listening PORT" once it listens, and on stderr "shaped KIND"
// each time it changes an answer (the tests check that it did). What it
// changes:
// - `_changes`: every `seq` and `last_seq` is an opaque string
//   ("12-g1AAAA…"), as CouchDB 3's are; a `since` given back is read again.
// - longpoll honours `timeout` (the PouchDB server ignores it): after it,
//   an empty answer with the `since` given.
// - a signed-in user refused by a database gets 403 `forbidden`, as on
//   CouchDB (the PouchDB server says 401).
// - `_bulk_docs` with `new_edits: false` answers `[]` when nothing was
//   refused (error rows stay).
// - `_bulk_get` reports a missing revision as an error object, not `{}`.
// - a GET of `/db/_design%2Fname` is redirected to `/db/_design/name`.
// - `/_node/_local/_config/…` and `/_node/nonode@nohost/_config/…` reach
//   the PouchDB server's `/_config/…`.
import http from 'node:http';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const [upHost, upPort] = arg('--upstream', '127.0.0.1:5984').split(':');
const port = Number(arg('--port', '0'));

const SEQ_TAIL = 'g1AAAABteJzLYWBgYMpgTmHgz8tPSTV0MDQy';
const toSeq = (n) => (typeof n === 'number' ? `${n}-${SEQ_TAIL}${n.toString(36)}` : n);
const fromSeq = (s) => {
  const m = /^(\d+)-/.exec(s ?? '');
  return m ? m[1] : s;
};

/// One request to the PouchDB server: { done: Promise, abort() }.
function forward(req, path, body) {
  let up;
  const done = new Promise((resolve, reject) => {
    const h = { ...req.headers, host: `${upHost}:${upPort}` };
    delete h['content-length'];
    if (body.length) h['content-length'] = String(body.length);
    up = http.request({ host: upHost, port: upPort, method: req.method, path, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    up.on('error', reject);
    up.end(body);
  });
  return { done, abort: () => up.destroy() };
}

const shaped = (kind) => {
  process.stderr.write(`shaped ${kind}\n`);
};

function send(res, status, headers, body) {
  const h = { ...headers };
  delete h['content-length'];
  delete h['transfer-encoding'];
  h['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, h);
  res.end(body);
}

function json(buf) {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function signedIn(req) {
  if (!req.headers.cookie && !req.headers.authorization) return false;
  const r = await new Promise((resolve) => {
    const h = { accept: 'application/json' };
    if (req.headers.cookie) h.cookie = req.headers.cookie;
    if (req.headers.authorization) h.authorization = req.headers.authorization;
    http
      .get({ host: upHost, port: upPort, path: '/_session', headers: h }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(json(Buffer.concat(chunks))));
      })
      .on('error', () => resolve(undefined));
  });
  return Boolean(r?.userCtx?.name);
}

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url, 'http://x');
  let path = req.url;
  // The client went away (the app's own deadline): so does the request.
  const aborts = [];
  res.on('close', () => {
    if (!res.writableEnded) aborts.forEach((a) => a());
  });
  try {
    // Config lives under the node on CouchDB 3.
    const node = /^\/_node\/[^/]+\/_config(\/.*)?$/.exec(url.pathname);
    if (node) path = `/_config${node[1] ?? ''}${url.search}`;

    const design = /^\/([^/]+)\/_design%2F(.+)$/i.exec(url.pathname);
    if (design && req.method === 'GET') {
      shaped('design-redirect');
      res.writeHead(301, { location: `/${design[1]}/_design/${design[2]}${url.search}`, 'content-length': '0' });
      res.end();
      return;
    }

    const changes = /^\/[^/]+\/_changes$/.test(url.pathname);
    let timer;
    let timedOut = false;
    if (changes) {
      if (url.searchParams.has('since')) url.searchParams.set('since', fromSeq(url.searchParams.get('since')));
      path = url.pathname + url.search;
      const t = Number(url.searchParams.get('timeout'));
      if (url.searchParams.get('feed') === 'longpoll' && t > 0) {
        timer = setTimeout(() => {
          timedOut = true;
          shaped('longpoll-timeout');
          aborts.forEach((a) => a());
          const since = toSeq(Number(url.searchParams.get('since') ?? 0));
          send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ results: [], last_seq: since }));
        }, t);
      }
    }
    const call = forward(req, path, body);
    aborts.push(call.abort);
    let answer;
    try {
      answer = await call.done;
    } catch (e) {
      if (timedOut) return;
      throw e;
    } finally {
      clearTimeout(timer);
    }
    if (timedOut) return;
    let { status, headers } = answer;
    let out = answer.body;
    const data = json(out);

    if (status === 401 && !url.pathname.startsWith('/_session') && (await signedIn(req))) {
      status = 403;
      shaped('403');
      out = Buffer.from(JSON.stringify({ error: 'forbidden', reason: 'You are not allowed to access this db.' }));
    } else if (changes && data && Array.isArray(data.results)) {
      for (const r of data.results) r.seq = toSeq(r.seq);
      data.last_seq = toSeq(data.last_seq);
      shaped('seq');
      out = Buffer.from(JSON.stringify(data));
    } else if (/\/_bulk_docs$/.test(url.pathname) && Array.isArray(data)) {
      const sent = json(body);
      if (sent?.new_edits === false) {
        out = Buffer.from(JSON.stringify(data.filter((r) => r.error)));
        shaped('bulk_docs');
      }
    } else if (/\/_bulk_get$/.test(url.pathname) && data && Array.isArray(data.results)) {
      const asked = json(body)?.docs ?? [];
      for (const r of data.results) {
        r.docs = (r.docs ?? []).map((d) =>
          d && (d.ok || d.error)
            ? d
            : shaped('bulk_get') || { error: { id: r.id, rev: asked.find((x) => x.id === r.id)?.rev ?? 'undefined', error: 'not_found', reason: 'missing' } },
        );
      }
      out = Buffer.from(JSON.stringify(data));
    }
    send(res, status, headers, out);
  } catch (e) {
    if (!res.headersSent) send(res, 502, { 'content-type': 'application/json' }, JSON.stringify({ error: 'bad_gateway', reason: String(e) }));
  }
});
server.keepAliveTimeout = 1000;
server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
