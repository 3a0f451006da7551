// Screenshots of each point of issue 14, one PNG a point, for the before /
// after note: a built dist/ served on 127.0.0.1, driven in headless Chromium
// (playwright-core from npm) like a person — sentences clicked and tagged by
// key, details opened with Enter, buttons clicked, a span dragged with the
// mouse. A fresh browser context per point, so no saved work (IndexedDB,
// local storage) carries from one to the next. Every step is tolerant: an
// element one build lacks is logged and the screenshot is still taken.
//
//   node scripts/screenshots-points.mjs --dist DIR --out DIR [--chromium PATH]
//
// e.g. the app before issue 14 and after:
//   node scripts/screenshots-points.mjs --dist /work/before/dist --out docs/screenshots/points/before
//   node scripts/screenshots-points.mjs --dist dist --out docs/screenshots/points/after

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist } from './serve-dist.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const DIST = path.resolve(arg('dist', 'dist'));
const OUT = path.resolve(arg('out', path.join('docs', 'screenshots', 'points')));
const CHROMIUM = arg('chromium', process.env.CHROMIUM ?? '/usr/bin/chromium');
// Only some points: --only 02,08
const ONLY = arg('only', '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`${DIST}/index.html is missing: build the app first (trunk build --release)`);
  process.exit(1);
}
fs.mkdirSync(OUT, { recursive: true });
const DOWNLOADS = fs.mkdtempSync(path.join(os.tmpdir(), 'glossa-points-'));

const { server, base: BASE } = await serveDist(DIST);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  downloadsPath: DOWNLOADS,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});

const problems = [];
const written = [];
let current = '';
function log(msg) {
  console.log(`  [${current}] ${msg}`);
}
/** Runs one step; a failure is logged and the point goes on. */
async function step(what, fn) {
  try {
    return await fn();
  } catch (e) {
    const line = `${current}: ${what}: ${String(e.message ?? e).split('\n')[0]}`;
    problems.push(line);
    console.log(`  [${current}] could not ${what}: ${String(e.message ?? e).split('\n')[0]}`);
    return undefined;
  }
}

const settle = (page, ms = 400) => page.waitForTimeout(ms);
const S = (id) => `span.s[data-sentence-id="${id}"], [data-sentence-id="${id}"]`;

/** A fresh context and page at `width`, the app loaded with its sentences. */
async function open(width = 1440, scheme = 'light') {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    serviceWorkers: 'block',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(BASE);
  await page.waitForSelector('[data-sentence-id]', { timeout: 60_000 });
  await step('wait for the save state', () => page.waitForSelector('.save-state:not(:empty)', { timeout: 10_000 }));
  // Suggestions arrive shortly after the text.
  await step('wait for suggestions', () => page.waitForSelector('[data-suggestion]', { timeout: 10_000 }));
  await settle(page, 600);
  return { context, page };
}

async function shot(page, name) {
  // The mouse off the text, so that no hover colour shows.
  await page.mouse.move(2, (page.viewportSize()?.height ?? 900) - 2);
  await settle(page, 150);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  written.push(file);
  log(`wrote ${file}`);
}

/** The article's sentences in order, with their paragraph and text. */
async function sentences(page) {
  return page.evaluate(() => {
    const out = [];
    let para = -1;
    let lastParent = null;
    for (const el of document.querySelectorAll('[data-sentence-id]')) {
      const parent = el.closest('.para') ?? el.parentElement;
      if (parent !== lastParent) {
        para += 1;
        lastParent = parent;
      }
      const first = el === parent.querySelector('[data-sentence-id]');
      out.push({ id: el.getAttribute('data-sentence-id'), para, first, text: el.textContent });
    }
    return out;
  });
}

/** The first sentence whose text contains `words` (else `fallback`). */
function find(list, words, fallback) {
  const s = list.find((x) => x.text.includes(words));
  return s ? s.id : fallback;
}

/** Clicks a sentence: a little into its first line (a sentence that starts
 *  mid-line has a bounding box reaching over the sentence before it). */
async function select(page, id) {
  const el = page.locator(S(id)).first();
  await el.scrollIntoViewIfNeeded();
  const at = await el.evaluate((e) => {
    const r = e.getClientRects()[0] ?? e.getBoundingClientRect();
    return { x: r.left + Math.min(24, r.width / 2), y: r.top + r.height / 2 };
  });
  await page.mouse.click(at.x, at.y);
  let selected = await el.getAttribute('aria-selected');
  if (selected !== 'true') {
    // Covered (a message over it, say): once more from the middle of the window.
    await el.evaluate((e) => {
      const r = (e.getClientRects()[0] ?? e.getBoundingClientRect());
      window.scrollBy(0, r.top - window.innerHeight / 2);
    });
    await settle(page, 200);
    const again = await el.evaluate((e) => {
      const r = e.getClientRects()[0] ?? e.getBoundingClientRect();
      return { x: r.left + Math.min(24, r.width / 2), y: r.top + r.height / 2 };
    });
    await page.mouse.click(again.x, again.y);
    selected = await el.getAttribute('aria-selected');
  }
  if (selected !== 'true') log(`a click on ${id} left it unselected (aria-selected=${selected})`);
}

async function tag(page, id, key) {
  await step(`tag ${id} with ${key}`, async () => {
    await select(page, id);
    await page.keyboard.press(key);
    await settle(page, 100);
    const t = await page.locator(S(id)).first().getAttribute('data-tag');
    const spans = await page.locator(`[data-sentence-id="${id}"] .seg[class*="t-"]`).count();
    if (!t && !spans) log(`${id} shows no tag after pressing ${key}`);
  });
}

/** Closes the details: Escape, else a Done / Close button. */
async function closeDetails(page) {
  await step('close the details', async () => {
    await page.keyboard.press('Escape');
    await settle(page, 200);
    const left = page.locator('.dialog.details, .backdrop');
    if (await left.count()) {
      const done = page.locator('.dialog.details button:has-text("Done"), button[aria-label="Close the details"]');
      if (await done.count()) await done.first().click();
    }
  });
}

/** Scrolls so that sentence `id` is in the middle of the window. */
async function centre(page, id) {
  await step(`centre ${id}`, () =>
    page.evaluate((id) => {
      const el = document.querySelector(`[data-sentence-id="${id}"]`);
      if (!el) throw new Error(`no ${id}`);
      const r = el.getBoundingClientRect();
      window.scrollBy(0, r.top - window.innerHeight / 2);
    }, id),
  );
  await settle(page, 300);
}

const points = [
  [
    '01-badges',
    // Tags by key on a paragraph's first sentence and on sentences in the
    // middle of paragraphs: the letter badges, clipped or overlapping.
    async (page) => {
      const list = await sentences(page);
      const firsts = list.filter((s) => s.first);
      const mids = list.filter((s) => !s.first);
      log(`paragraph starts: ${firsts.slice(0, 4).map((s) => s.id).join(' ')}; mid: ${mids.slice(0, 4).map((s) => s.id).join(' ')}`);
      const plan = [
        [firsts[0]?.id, '1'],
        [mids[0]?.id, '3'],
        [firsts[1]?.id, '2'],
        [firsts[2]?.id, '3'],
        [mids[1]?.id, '1'],
      ].filter(([id]) => id);
      for (const [id, key] of plan) await tag(page, id, key);
      // Enter opens the details of the last one; closed again for the view.
      await step('open details with Enter', async () => {
        await page.keyboard.press('Enter');
        await settle(page);
      });
      await closeDetails(page);
      await step('select a plain sentence', () => select(page, mids[2]?.id ?? list[list.length - 1].id));
      await page.evaluate(() => window.scrollTo(0, 0));
      await settle(page);
    },
  ],
  [
    '02-links',
    // A denial linked to the claim it denies, then the text with both.
    async (page) => {
      const list = await sentences(page);
      const claim = find(list, 'Washington and Beijing have accused', list[12]?.id);
      const denial = find(list, 'Officials in Beijing denied', list[15]?.id);
      log(`claim ${claim}, denial ${denial}`);
      await tag(page, claim, '1');
      await tag(page, denial, '2');
      await step('open the denial details with Enter', async () => {
        await page.keyboard.press('Enter');
        await page.waitForSelector('#f-denies', { timeout: 5000 });
      });
      let linked = false;
      // The before build: a <select id="f-denies">.
      if (!linked) {
        linked = !!(await step('choose the claim in the select', async () => {
          const sel = page.locator('select#f-denies');
          if (!(await sel.count())) return false;
          const values = await sel.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
          if (!values.length) throw new Error('no claim offered');
          await sel.selectOption(values[0]);
          await settle(page, 200);
          log(`"Denies the claim" set to: ${await sel.evaluate((e) => e.selectedOptions[0]?.textContent ?? '')}`);
          return true;
        }));
      }
      // A searchable field: the nearest claim is first in its list.
      if (!linked) {
        linked = !!(await step('choose the claim in the searchable field', async () => {
          const input = page.locator('input#f-denies, [role="combobox"]#f-denies');
          if (!(await input.count())) return false;
          await input.first().click();
          await settle(page, 200);
          const opt = page.locator('#denies-list [role="option"]:not(.opt-empty)').filter({ hasNotText: 'No claim' });
          if (await opt.count()) {
            await opt.first().click().catch(() => opt.first().dispatchEvent('mousedown'));
          } else {
            await input.first().press('ArrowDown');
            await input.first().press('Enter');
          }
          await settle(page, 200);
          log(`"Denies the claim" shows: ${await input.first().inputValue()}`);
          return true;
        }));
      }
      log(linked ? 'denial linked to the claim' : 'no way found to link the denial');
      await settle(page);
      await closeDetails(page);
      await step('select the claim', () => select(page, claim));
      await settle(page);
      // Both in view: the claim near the top of the window.
      await step('bring both into view', () =>
        page.evaluate(
          ([c, d]) => {
            const a = document.querySelector(`[data-sentence-id="${c}"]`).getBoundingClientRect();
            const b = document.querySelector(`[data-sentence-id="${d}"]`).getBoundingClientRect();
            window.scrollBy(0, (a.top + b.bottom) / 2 - window.innerHeight / 2);
          },
          [claim, denial],
        ),
      );
      await settle(page);
    },
  ],
  [
    '03-message',
    // What a person sees right after clicking "Export JSON".
    async (page) => {
      const list = await sentences(page);
      await tag(page, list[0].id, '1');
      await tag(page, list[2]?.id ?? list[0].id, '3');
      await page.evaluate(() => window.scrollTo(0, 0));
      const download = page.waitForEvent('download', { timeout: 5000 }).catch(() => null);
      await step('click Export JSON', async () => {
        const button = page.locator('button:visible', { hasText: 'Export JSON' });
        if (await button.count()) await button.first().click();
        else {
          log('no visible "Export JSON" button: pressing e');
          await page.keyboard.press('e');
        }
      });
      const d = await download;
      if (d) {
        const file = path.join(DOWNLOADS, d.suggestedFilename());
        await step('keep the download', () => d.saveAs(file));
        log(`downloaded ${d.suggestedFilename()} (to ${DOWNLOADS})`);
      } else log('no download seen');
      await settle(page, 500);
    },
  ],
  [
    '04-bulk-accept',
    // One click on "Accept all" for claims in the sidebar.
    async (page) => {
      await step('click Accept all for claims', async () => {
        let button = page.locator('.accept-all button.tag-claim');
        if (!(await button.count())) button = page.locator('button', { hasText: /Accept all.*claim/i });
        if (!(await button.count())) throw new Error('no Accept all button for claims');
        log(`clicking "${(await button.first().innerText()).replace(/\s+/g, ' ')}"`);
        await button.first().click();
      });
      await settle(page, 600);
      log(`focus now on: ${await page.evaluate(() => {
        const a = document.activeElement;
        return a ? `${a.tagName.toLowerCase()}${a.className ? '.' + String(a.className).split(' ').join('.') : ''} "${(a.textContent ?? '').trim().slice(0, 40)}"` : 'nothing';
      })}`);
    },
  ],
  [
    '05-suggestions',
    // The default article with its suggestions as they show by default.
    async (page) => {
      const n = await page.locator('[data-suggestion]').count();
      log(`${n} sentences with a suggestion`);
    },
  ],
  [
    '06-sidebar',
    // The sidebar after accepting suggestions: all of the smallest tag
    // (its row goes), then one far down the text accepted by key.
    async (page) => {
      await step('accept all of the tag with fewest suggestions', async () => {
        const buttons = page.locator('.accept-all button');
        const n = await buttons.count();
        if (!n) throw new Error('no Accept all buttons');
        let best = null;
        for (let i = 0; i < n; i++) {
          const text = (await buttons.nth(i).innerText()).replace(/\s+/g, ' ');
          const m = text.match(/\(([\d,]+)\)/);
          const count = m ? Number(m[1].replace(/,/g, '')) : Infinity;
          if (!best || count < best.count) best = { i, count, text };
        }
        log(`clicking "${best.text}"`);
        await buttons.nth(best.i).click();
      });
      await settle(page, 500);
      await step('accept a suggestion far down by key', async () => {
        const ids = await page.locator('[data-suggestion]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sentence-id')));
        if (!ids.length) throw new Error('no open suggestion left');
        const id = ids[ids.length - 1];
        await select(page, id);
        await page.keyboard.press('a');
        log(`accepted the suggestion of ${id}`);
      });
      await settle(page, 600);
    },
  ],
  [
    '07-narrow',
    // The window at 900 and 600 px (own contexts: see below).
    null,
  ],
  [
    '08-details',
    // Enter on a tagged quote sentence (one that opens with quotation marks).
    async (page) => {
      const list = await sentences(page);
      const quote = (list.find((s) => /^\s*[“"]/.test(s.text)) ?? list[3]).id;
      log(`quote ${quote}`);
      await tag(page, quote, '3');
      await step('open details with Enter', async () => {
        await page.keyboard.press('Enter');
        await settle(page, 500);
      });
      const open = await page.locator('.dialog.details, .details-pane, #f-speaker').count();
      log(open ? 'details open' : 'no details seen');
    },
  ],
  [
    '09-strip',
    // Tags spread over the text, then a click at 90 % of the overview strip.
    async (page) => {
      const list = await sentences(page);
      const at = (f) => list[Math.min(list.length - 1, Math.floor(f * list.length))].id;
      for (const [f, key] of [[0, '1'], [0.3, '2'], [0.55, '3'], [0.8, '1'], [0.97, '2']]) await tag(page, at(f), key);
      await page.evaluate(() => window.scrollTo(0, 0));
      await settle(page);
      await step('click the strip at 90 %', async () => {
        const strip = page.locator('.overview').first();
        const box = await strip.boundingBox();
        if (!box) throw new Error('no overview strip');
        log(`strip at x ${Math.round(box.x)}, ${Math.round(box.width)} × ${Math.round(box.height)} px`);
        await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.9);
        await settle(page, 600);
        const sel = await page.evaluate(() =>
          [...document.querySelectorAll('[data-sentence-id][aria-selected="true"]')].map((e) => e.getAttribute('data-sentence-id')),
        );
        log(`a click at 90 % selected ${sel.join(' ') || 'nothing'} (of ${list.length} sentences; 90 % is ${at(0.9)})`);
      });
    },
  ],
  [
    '10-span',
    // A few words of one sentence selected by a mouse drag, tagged with 3.
    async (page) => {
      const list = await sentences(page);
      const id = find(list, 'The Beijing government earlier this year', list[8]?.id);
      const words = 'updated its anti-espionage legislation';
      await centre(page, id);
      await step('drag across words of the sentence', async () => {
        const ends = await page.evaluate(
          ([id, words]) => {
            const el = document.querySelector(`[data-sentence-id="${id}"]`);
            const text = el.textContent;
            let at = text.indexOf(words);
            if (at < 0) at = Math.floor(text.length / 4);
            const end = Math.min(text.length, at + (text.includes(words) ? words.length : 30));
            // The DOM position of character offset `n` in the sentence.
            const pos = (n) => {
              const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
              let node;
              while ((node = walk.nextNode())) {
                if (n <= node.length) return [node, n];
                n -= node.length;
              }
              return null;
            };
            const rectOf = (n) => {
              const [node, off] = pos(n);
              const r = document.createRange();
              r.setStart(node, off);
              r.setEnd(node, Math.min(node.length, off + 1));
              return r.getClientRects()[0] ?? r.getBoundingClientRect();
            };
            const a = rectOf(at);
            const b = rectOf(end - 1);
            return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
          },
          [id, words],
        );
        await page.mouse.move(ends.x1, ends.y1);
        await page.mouse.down();
        await page.mouse.move((ends.x1 + ends.x2) / 2, (ends.y1 + ends.y2) / 2, { steps: 5 });
        await page.mouse.move(ends.x2, ends.y2, { steps: 5 });
        await page.mouse.up();
        await settle(page, 300);
        await page.keyboard.press('3');
        log(`dragged over "${words}" in ${id}, pressed 3`);
      });
      await settle(page);
    },
  ],
];

try {
  for (const [name, run] of points) {
    if (ONLY.length && !ONLY.some((o) => name.startsWith(o))) continue;
    current = name;
    console.log(name);
    if (name === '07-narrow') {
      for (const width of [900, 600]) {
        current = `07-narrow-${width}`;
        const { context, page } = await open(width);
        const list = await sentences(page);
        await tag(page, list[0].id, '1');
        await tag(page, list[2]?.id ?? list[0].id, '3');
        await page.evaluate(() => window.scrollTo(0, 0));
        await settle(page);
        await step('screenshot', () => shot(page, current));
        await context.close();
      }
      continue;
    }
    let context;
    try {
      const opened = await open(1440);
      context = opened.context;
      await step('act', () => run(opened.page));
      await step('screenshot', () => shot(opened.page, name));
    } catch (e) {
      problems.push(`${name}: ${e.message.split('\n')[0]}`);
      console.log(`  [${name}] failed: ${e.message.split('\n')[0]}`);
    } finally {
      await context?.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(DOWNLOADS, { recursive: true, force: true });
}
console.log(`\n${written.length} screenshots in ${OUT}:`);
for (const f of written) console.log(`  ${path.basename(f)}`);
if (problems.length) {
  console.log('\nSteps that did not work:');
  for (const p of problems) console.log(`  ${p}`);
}
