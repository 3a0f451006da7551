// Trunk post-build hook (Trunk.toml [[hooks]]), run on every `trunk build`
// and every rebuild of `trunk serve`, on the staged build before Trunk moves
// it into dist/:
//   1. refuses a page the Content-Security-Policy would break: no CSP meta,
//      an inline <script>, an on*= handler attribute or a javascript: URL;
//   2. lets the page connect to the team server named at build time: with
//      GLOSSA_SERVER=https://couch.example.org (an origin, nothing more),
//      that origin — and only it — joins `connect-src 'self'`. A path
//      (GLOSSA_SERVER=/couchdb, the default: CouchDB behind the same
//      origin) changes nothing. The app offers the same server when the
//      person signs in (src/app.rs reads GLOSSA_SERVER at compile time);
//   3. writes sw.js from web/sw.js with the list of the build's files and a
//      version hashed from their contents, so each build gets its own cache.
// Plain Node, no packages: node comes with npm, which setup.sh needs anyway.

import { createHash } from "node:crypto";
import { prerender } from "./prerender.mjs";
import { checkBudget } from "./size-budget.mjs";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR || process.cwd();
if (!staging) {
  console.error("trunk-post-build: TRUNK_STAGING_DIR is not set (run me as a Trunk post_build hook)");
  process.exit(1);
}

function die(why) {
  console.error(`trunk-post-build: ${why}`);
  process.exit(1);
}

// 1. The page.
// What the Content-Security-Policy of `page` would refuse: inline script,
// handler attributes, javascript: URLs, style attributes, and an inline
// <style> whose hash style-src does not name. Run on the page as built
// and again after prerendering.
function cspProblems(page) {
  const problems = [];
  if (!/<meta[^>]+http-equiv=["']?Content-Security-Policy/i.test(page)) {
    problems.push("no Content-Security-Policy <meta>");
  }
  for (const m of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (!/\ssrc\s*=/i.test(m[1]) || m[2].trim() !== "") {
      problems.push(`an inline script: ${m[0].slice(0, 120)}`);
    }
  }
  for (const m of page.matchAll(/<[a-z][^>]*\son[a-z]+\s*=[^>]*>/gi)) {
    problems.push(`an event handler attribute: ${m[0].slice(0, 120)}`);
  }
  if (/javascript:/i.test(page)) {
    problems.push("a javascript: URL");
  }
  for (const m of page.matchAll(/<[a-z][^>]*\sstyle\s*=[^>]*>/gi)) {
    problems.push(`a style attribute: ${m[0].slice(0, 120)}`);
  }
  const styleSrc = (/style-src ([^;"]*)/.exec(page)?.[1] ?? "").split(" ");
  for (const m of page.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    const hash = `'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`;
    if (!styleSrc.includes(hash)) {
      problems.push(`an inline <style> whose hash ${hash} is not in style-src`);
    }
  }
  return problems;
}

function checkPage(page, what) {
  const problems = cspProblems(page);
  if (problems.length > 0) {
    die(
      `${what} breaks the Content-Security-Policy:\n  ` +
        problems.join("\n  ") +
        "\n(`trunk serve` needs no_autoreload = true in Trunk.toml: its reload script is inline)",
    );
  }
}

let html = readFileSync(join(staging, "index.html"), "utf8");
checkPage(html, "the built index.html");

// 2. The team server, when it is on another origin.
const server = (process.env.GLOSSA_SERVER || "").trim();
if (server !== "" && !server.startsWith("/")) {
  const m = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(:[0-9]{1,5})?\/?$/i.exec(server);
  if (!m) {
    die(
      `GLOSSA_SERVER=${JSON.stringify(server)} is not an origin: give https://host[:port] (no path, no wildcard), ` +
        "or a path such as /couchdb when CouchDB is served from the page's own origin",
    );
  }
  const origin = `${m[1].toLowerCase()}://${m[2].toLowerCase()}${m[3] || ""}`;
  const before = html;
  html = html.replace(/connect-src 'self'(?=[;"])/, `connect-src 'self' ${origin}`);
  if (html === before) {
    die("the CSP has no `connect-src 'self'` to add the team server to");
  }
  writeFileSync(join(staging, "index.html"), html);
  console.log(`trunk-post-build: connect-src allows the team server ${origin}`);
}

// 3. The first screen, prerendered.
if (process.env.TRUNK_PROFILE === "release") {
  try {
    html = await prerender(staging, html);
  } catch (e) {
    die(`prerendering the first screen failed: ${e.message}`);
  }
  checkPage(html, "the prerendered index.html");
  writeFileSync(join(staging, "index.html"), html);
  console.log("trunk-post-build: index.html carries the first screen; app.html is the page without it");
}

// 4. The service worker.
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const files = filesUnder(staging)
  .map((path) => relative(staging, path).split(sep).join("/"))
  .filter((name) => name !== "sw.js")
  .sort();
const hash = createHash("sha256");
for (const name of files) {
  hash.update(name + "\0");
  hash.update(readFileSync(join(staging, name)));
  hash.update("\0");
}
const version = hash.digest("hex").slice(0, 16);

const placeholder = 'const BUILD = { version: "unbuilt", files: [] };';
const template = readFileSync(join(source, "web", "sw.js"), "utf8");
if (!template.includes(placeholder)) {
  die(`web/sw.js lacks the line ${placeholder}`);
}
const build = `const BUILD = ${JSON.stringify({ version, files })};`;
writeFileSync(join(staging, "sw.js"), template.replace(placeholder, () => build));
console.log(`trunk-post-build: sw.js caches ${files.length} files as version ${version}`);

// 5. The size budget (release builds: a debug build's wasm is not optimized).
if (process.env.TRUNK_PROFILE === "release") {
  try {
    for (const line of checkBudget(staging, html)) console.log(`trunk-post-build: ${line}`);
  } catch (e) {
    die(e.message);
  }
}
