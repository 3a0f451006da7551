// Screenshots of Glossa's main states for the README (docs/screenshots/):
// the built dist/ served on 127.0.0.1, driven in headless Chromium
// (playwright-core from npm) like a person: a few sentences tagged by key,
// a span, the export menu, the drawer of a narrow window, the agreement
// panel comparing two annotators' files — at 1440 and 600 px wide, light
// and dark.
//
//   trunk build --release && node scripts/screenshots.mjs [--chromium PATH]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const argi = process.argv.indexOf('--chromium');
const CHROMIUM = argi > 0 ? process.argv[argi + 1] : process.env.CHROMIUM ?? '/usr/bin/chromium';

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error('dist/ is missing: run `trunk build --release` first');
  process.exit(1);
}
fs.mkdirSync(OUT, { recursive: true });

const { server, base: BASE } = await serveDist(DIST);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});

const settle = (page) => page.waitForTimeout(400);

/** The app with a few tags, a span and its suggestions, at `width`. */
async function annotated(scheme, width) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    serviceWorkers: 'block',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(BASE);
  await page.waitForSelector('span.s[data-sentence-id="s1"]');
  await page.waitForSelector('.save-state:not(:empty)');
  for (const [n, key] of [[1, 'c'], [3, 'd'], [5, 'q']]) {
    await page.click(`span.s[data-sentence-id="s${n}"]`);
    await page.keyboard.press(key);
  }
  // A span: three words of sentence 7, tagged claim.
  await page.click('span.s[data-sentence-id="s7"]');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('c');
  await page.click('span.s[data-sentence-id="s2"]');
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  return { context, page };
}

const shots = [];
async function shot(page, name) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(path.relative(ROOT, file));
}

try {
  for (const scheme of ['light', 'dark']) {
    {
      const { context, page } = await annotated(scheme, 1440);
      await shot(page, `main-1440-${scheme}`);
      await page.click('button[aria-haspopup="menu"]');
      await settle(page);
      await shot(page, `export-menu-1440-${scheme}`);
      await page.keyboard.press('Escape');
      // Suggestions marked in full.
      await page.click('label:has-text("Mark them in full") input');
      await settle(page);
      await shot(page, `suggestions-marked-1440-${scheme}`);
      await context.close();
    }
    {
      const { context, page } = await annotated(scheme, 600);
      await shot(page, `main-600-${scheme}`);
      await page.click('button.drawer-toggle');
      await settle(page);
      await shot(page, `drawer-600-${scheme}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(shots.join('\n'));

