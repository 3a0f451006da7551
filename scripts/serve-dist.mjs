// A built dist/ served on 127.0.0.1 for the screenshot scripts and the
// prerendering of a release build: GET only what is inside the folder, with
// its content type, never cached.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** Content types by file extension (the benchmarks' servers use them too). */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `dist`; resolves to { server, base } once it listens. */
export async function serveDist(dist) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(req.url.split(/[?#]/)[0]).replace(/^\/+/, '') || 'index.html';
    const full = path.join(dist, rel);
    if (rel.split('/').includes('..') || !full.startsWith(dist + path.sep) || !fs.existsSync(full) || !fs.statSync(full).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(full)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(full));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}
