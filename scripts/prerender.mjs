// Prerendering for a first visit (called by scripts/trunk-post-build.mjs on
// release builds). The staged app is opened once in headless Chromium, as a
// first visit (nothing stored), and what it draws for the built-in article
// is written into index.html: a first visit shows the text before any code
// has arrived, web/first.js makes it usable, and the app takes it over
// (src/services/first_screen.rs). app.html is the page without it, for
// visits the service worker serves (the person may have other work open).
// index.html also carries its stylesheet inline (allowed by its hash) and
// does not preload the app (see firstVisitHead).
//
// The markup is the app's own: no second renderer to keep in step with the
// components. The post-build hook checks the page against the CSP after it.

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { serveDist } from "./serve-dist.mjs";

/** The app's first screen as HTML (the children of its mount point). */
async function snapshot(staging, page) {
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    throw new Error(`playwright-core is missing (npm install, see scripts/setup.sh): ${e.message}`);
  }
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath} (set CHROMIUM; scripts/setup.sh installs it)`);
  }
  const { server, base } = await serveDist(path.resolve(staging));
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" });
    const tab = await context.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    await tab.goto(`${base}${page}`);
    await tab.waitForSelector("#glossa span.s[data-sentence-id]", { timeout: 30000 });
    // Settled: saved-state known, suggestions drawn, two quiet frames.
    await tab.waitForFunction(() => document.querySelector("#glossa .save-state"), null, { timeout: 10000 });
    await tab.waitForTimeout(300);
    await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (errors.length > 0) {
      throw new Error(`the app reported errors while prerendering: ${errors.join("; ")}`);
    }
    return await tab.evaluate(() => document.getElementById("glossa").innerHTML);
  } finally {
    await browser.close();
    server.close();
  }
}

// What the CSP allows is checked on the whole page by the post-build hook;
// here, that the snapshot is the app's first screen.
function check(markup) {
  const problems = [];
  if (/<script\b/i.test(markup)) problems.push("a <script>");
  if (!/^<div class="app">/.test(markup)) problems.push("not one <div class=\"app\"> at the top");
  if (!/data-sentence-id="s1"/.test(markup)) problems.push("no sentence s1");
  return problems;
}

/**
 * What a first visit needs before its first paint, in the page itself:
 * the stylesheet becomes an inline <style> that the CSP allows by its hash
 * (`style-src 'self' 'sha256-…'`: only that exact text; no 'unsafe-inline'),
 * which saves a round trip before the text shows; and the app's own files
 * are not preloaded (web/start.js loads them after the page, so they do not
 * compete with the first screen for a slow connection).
 */
function firstVisitHead(staging, html) {
  const links = [...html.matchAll(/<link rel="stylesheet" href="\/?([^"]+\.css)"[^>]*\/?>/g)];
  if (links.length !== 1) {
    throw new Error(`index.html has ${links.length} stylesheets, not one`);
  }
  const css = fs.readFileSync(path.join(staging, links[0][1]), "utf8");
  if (/<\/style/i.test(css)) {
    throw new Error("the stylesheet contains </style");
  }
  const hash = createHash("sha256").update(css, "utf8").digest("base64");
  let out = html.replace(links[0][0], () => `<style>${css}</style>`);
  const before = out;
  out = out.replace(/style-src 'self'(?=[;"])/, `style-src 'self' 'sha256-${hash}'`);
  if (out === before) {
    throw new Error("the CSP has no `style-src 'self'` to allow the inline stylesheet by its hash");
  }
  out = out.replace(/<link rel="modulepreload"[^>]*>/g, "").replace(/<link rel="preload"[^>]*>/g, "");
  return out;
}

/**
 * Writes app.html (the page as built) and index.html with the first screen
 * in it. `html` is the built page; returns the prerendered one.
 */
export async function prerender(staging, html) {
  const mount = '<div id="glossa"></div>';
  if (!html.includes(mount)) {
    throw new Error(`index.html lacks the app's mount point ${mount}`);
  }
  fs.writeFileSync(path.join(staging, "app.html"), html);
  const markup = await snapshot(staging, "app.html");
  const problems = check(markup);
  if (problems.length > 0) {
    throw new Error(`the prerendered first screen has ${problems.join(", ")}`);
  }
  const page = html.replace(mount, () => `<div data-first-screen="">${markup}</div>${mount}`);
  return firstVisitHead(staging, page);
}
