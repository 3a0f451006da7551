// Injected into every page the browser benchmark opens, before any of the
// page's own scripts run (Playwright's addInitScript). It records, with
// performance.now() (milliseconds since this document's navigation start),
// what the harness asks for, so that no CDP round trip is in any timing.
//
//   __bench.marks.change     a file was given to a file input (capturing
//                            `change` listener on the document, which runs
//                            before the app's own handler)
//   __bench.marks.click      the last click (capturing, on the document)
//   __bench.until(name, condition)
//                            polls `condition` (a function) once per
//                            animation frame; resolves with
//                            { seen, painted }: the time of the frame
//                            callback that first saw it true, and the time
//                            of the next frame callback, after that frame
//                            was painted ("double requestAnimationFrame")
//   __bench.watch(sid, tag)  arms a record for the next trusted keydown:
//                            { key, down, timeStamp, mutated, frame, painted }:
//                            keydown (capturing listener on window, before
//                            the app's own), the MutationObserver callback
//                            that sees sentence `sid` carry data-tag `tag`,
//                            the next animation frame callback, and a
//                            message posted from it (runs after that frame
//                            is painted); resolves with the record
//   __bench.record(sid)      from now on, records every trusted keydown
//                            (keys 1, 2, 3, 0) and when sentence `sid`
//                            took the tag it asks for, without arming per
//                            key (so a key can be pressed while the page is
//                            busy): __bench.recorded is a list of
//                            { key, timeStamp, down, mutated }; timeStamp is
//                            the event's own time (when the browser made
//                            it, before any wait for the page's thread)
//   __bench.loaded           { loadEnd, painted } for the load event
//   __bench.wasmMemory()     the byte length of the app's wasm linear memory
//                            (from Trunk's TrunkApplicationStarted event)
(() => {
  const bench = {
    marks: {},
    keys: [],
    watching: null,
    loaded: null,
  };
  window.__bench = bench;
  const now = () => performance.now();
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(now())));

  document.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') {
      bench.marks.change = now();
    }
  }, true);
  document.addEventListener('click', () => {
    bench.marks.click = now();
  }, true);

  // What the harness waits for (no eval: the page may forbid it).
  const sentence = (n) =>
    document.querySelector(`#glossa div.sentences[role="listbox"] span.s[data-sentence-id="s${n}"]`);
  const taggedCount = () => {
    const e = document.querySelector('#glossa [data-count="tagged"] .n');
    return e ? e.textContent.trim() : null;
  };
  bench.conditions = {
    // The toolbar counts this document's sentences, s1 is in the article
    // and the Open dialog is gone.
    docShown: (total) => {
      const t = document.querySelector('#glossa [data-count="tagged"]');
      return !!t && t.textContent.includes(`/${total}`) && !!sentence(1)
        && !document.querySelector('#open-title');
    },
    sentenceIn: (n) => !!sentence(n),
    taggedIs: (n) => taggedCount() === String(n),
    docShownTagged: (total, n) => bench.conditions.docShown(total) && taggedCount() === String(n),
    importSummary: () => !!document.querySelector('.import-summary'),
    tagsInDom: (n) => document.querySelectorAll('[data-tag]').length >= n,
  };
  bench.when = (name, cond, ...args) => bench.until(name, () => bench.conditions[cond](...args));

  bench.until = (name, condition, timeoutMs = 120000) =>
    new Promise((resolve, reject) => {
      const t0 = now();
      const tick = () => {
        let ok = false;
        try {
          ok = condition();
        } catch (_) {
          ok = false;
        }
        if (ok) {
          const seen = now();
          requestAnimationFrame(() => {
            const painted = now();
            bench.marks[name] = { seen, painted };
            resolve({ seen, painted });
          });
        } else if (now() - t0 > timeoutMs) {
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${name}`));
        } else {
          requestAnimationFrame(tick);
        }
      };
      requestAnimationFrame(tick);
    });

  // Keystroke → data-tag latency. The harness calls watch(sentenceId,
  // expectedTag) before pressing the key; the capturing keydown listener on
  // window runs before the app's (bubbling) listener on window.
  window.addEventListener('keydown', (e) => {
    if (!e.isTrusted || !bench.watching) return;
    bench.watching.down = now();
    bench.watching.timeStamp = e.timeStamp;
    bench.watching.key = e.key;
  }, true);
  bench.watch = (sid, want) => {
    const el = document.querySelector(`[data-sentence-id="${sid}"]`);
    if (!el) throw new Error(`no sentence ${sid}`);
    const rec = { sid, want, down: null, timeStamp: null, mutated: null, frame: null, painted: null };
    bench.watching = rec;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        mo.disconnect();
        bench.watching = null;
        reject(new Error(`${sid}: data-tag never became ${want}`));
      }, 30000);
      const mo = new MutationObserver(() => {
        const cur = document.querySelector(`[data-sentence-id="${sid}"]`);
        const tag = cur ? cur.getAttribute('data-tag') : undefined;
        if (rec.down !== null && tag === want) {
          rec.mutated = now();
          mo.disconnect();
          requestAnimationFrame(() => {
            rec.frame = now();
            // A message posted from a frame callback is delivered after
            // that frame's style, layout and paint: the change is painted.
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              rec.painted = now();
              clearTimeout(timer);
              bench.watching = null;
              bench.keys.push(rec);
              resolve(rec);
            };
            ch.port2.postMessage(0);
          });
        }
      });
      // The whole list: a sentence element may be replaced, not only changed.
      const root = el.closest('[role="listbox"]') || document.body;
      mo.observe(root, { attributes: true, attributeFilter: ['data-tag'], childList: true, subtree: true });
    });
  };

  // Keys pressed back to back, each matched in order to the data-tag
  // change it asks for: 1 → claim, 2 → denial, 3 → quote, 0 → none.
  const WANT = { 1: 'claim', 2: 'denial', 3: 'quote', 0: null };
  bench.recorded = null;
  window.addEventListener('keydown', (e) => {
    if (!e.isTrusted || !bench.recorded || !(e.key in WANT)) return;
    bench.recorded.push({ key: e.key, want: WANT[e.key], timeStamp: e.timeStamp, down: now(), mutated: null });
  }, true);
  bench.record = (sid) => {
    bench.recorded = [];
    const root = document.querySelector('[role="listbox"]') || document.body;
    const mo = new MutationObserver(() => {
      const pending = bench.recorded.filter((r) => r.mutated === null);
      const cur = document.querySelector(`[data-sentence-id="${sid}"]`);
      const tag = cur ? cur.getAttribute('data-tag') : undefined;
      // The first waiting key whose tag is shown; keys before it were
      // handled in the same update (their own state never drawn).
      const j = pending.findIndex((r) => r.want === tag);
      const t = now();
      for (const r of pending.slice(0, j + 1)) r.mutated = t;
    });
    mo.observe(root, { attributes: true, attributeFilter: ['data-tag'], childList: true, subtree: true });
    bench.stopRecording = () => {
      mo.disconnect();
      const out = bench.recorded;
      bench.recorded = null;
      return out;
    };
  };

  // Trunk's loader announces the instance (exports, memory included).
  window.addEventListener('TrunkApplicationStarted', (e) => {
    bench.wasm = e.detail && e.detail.wasm;
  });
  bench.wasmMemory = () =>
    bench.wasm && bench.wasm.memory ? bench.wasm.memory.buffer.byteLength : null;

  window.addEventListener('load', () => {
    const loadEnd = now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      bench.loaded = { loadEnd, painted: now() };
    }));
  });
  bench.frame = frame;
})();
