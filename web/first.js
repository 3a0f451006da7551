// The first screen, before the app's WebAssembly has arrived.
//
// A first visit receives index.html with the built-in article already in it
// (prerendered at build time by scripts/prerender.mjs, marked
// [data-first-screen]), so its text shows as fast as a static page. This
// small module makes that text usable at once: a click selects a sentence,
// the tag keys and buttons tag it, the counts follow. It tags nothing for
// real: every step goes into a journal (localStorage `glossa-first-screen`),
// and when the app is ready it sends `glossa-takeover`, this module lets go,
// and the app replays the journal through its own key table and reducer
// (src/services/first_screen.rs), then removes the prerendered copy.
//
// Which keys tag is read from the prerendered tag buttons' aria-keyshortcuts,
// which the app writes from its one key table (src/keys.rs): nothing here
// lists keys. Article text is never touched: only attributes and classes.

const JOURNAL = "glossa-first-screen";
const root = document.querySelector("div[data-first-screen]");

// A person who has used Glossa in this browser before may have other work
// open; the app decides what to show, and nothing here acts for it.
function usedBefore() {
  try {
    return Object.keys(localStorage).some((k) => k.startsWith("glossa:"));
  } catch {
    return true;
  }
}

if (root && !usedBefore()) {
  start(root);
}

function start(root) {
  const sentences = () => root.querySelectorAll("span.s[data-sentence-id]");
  // key → "claim" | "denial" | "quote" | "" (clear), from the buttons.
  const keys = new Map();
  const buttons = root.querySelectorAll(".tag-buttons button[aria-keyshortcuts]");
  for (const b of buttons) {
    const tag = [...b.classList].find((c) => c.startsWith("tag-") && c !== "tag-btn");
    const what = tag ? tag.slice(4) : b.classList.contains("clear-btn") ? "" : null;
    if (what === null) continue;
    for (const k of b.getAttribute("aria-keyshortcuts").split(" ")) {
      if (k && !keys.has(k)) keys.set(k, { what, key: k });
    }
  }
  // The first key of each button, for a click on it.
  const keyOf = (b) => (b.getAttribute("aria-keyshortcuts") || "").split(" ")[0];

  const journal = { steps: [] };
  let selected = null;
  // Each sentence's suggestion attributes, to put back when its tag goes.
  const saved = new Map();

  function write() {
    try {
      localStorage.setItem(JOURNAL, JSON.stringify(journal));
    } catch {
      // Storage refused (private mode, full): the journal still reaches
      // the app in memory through the takeover event's detail.
    }
  }

  function select(el) {
    for (const s of root.querySelectorAll("span.s.selected")) {
      s.classList.remove("selected");
      s.setAttribute("aria-selected", "false");
      s.setAttribute("tabindex", "-1");
    }
    el.classList.add("selected");
    el.setAttribute("aria-selected", "true");
    el.setAttribute("tabindex", "0");
    el.focus({ preventScroll: true });
    selected = el;
    for (const b of buttons) b.removeAttribute("disabled");
  }

  function show(el, tag) {
    const id = el.getAttribute("data-sentence-id");
    if (!saved.has(id)) {
      saved.set(id, {
        className: el.className,
        suggestion: el.getAttribute("data-suggestion"),
        title: el.getAttribute("title"),
      });
    }
    const before = saved.get(id);
    const current = el.getAttribute("data-tag");
    // As the app does: the same tag again removes it.
    const next = tag === "" || tag === current ? null : tag;
    if (next) {
      el.className = `s tag-${next}`;
      el.setAttribute("data-tag", next);
      el.removeAttribute("data-suggestion");
      el.removeAttribute("title");
    } else {
      el.className = before.className;
      el.removeAttribute("data-tag");
      if (before.suggestion) el.setAttribute("data-suggestion", before.suggestion);
      if (before.title) el.setAttribute("title", before.title);
    }
    el.classList.add("selected");
    counts();
  }

  function counts() {
    const all = sentences();
    const by = { claim: 0, denial: 0, quote: 0 };
    let tagged = 0;
    for (const s of all) {
      const t = s.getAttribute("data-tag");
      if (t) {
        tagged += 1;
        if (t in by) by[t] += 1;
      }
    }
    for (const [t, n] of Object.entries(by)) {
      const b = root.querySelector(`[data-count="${t}"] .n`);
      if (b) b.textContent = String(n);
    }
    const t = root.querySelector('[data-count="tagged"] .n');
    if (t) t.textContent = String(tagged);
    const state = root.querySelector(".save-state");
    if (state) state.textContent = "Starting…";
  }

  function act(key) {
    const k = keys.get(key);
    if (!k || !selected) return false;
    journal.steps.push([selected.getAttribute("data-sentence-id"), k.key]);
    show(selected, k.what);
    write();
    return true;
  }

  function onClick(e) {
    const s = e.target.closest && e.target.closest("span.s[data-sentence-id]");
    if (s && root.contains(s)) {
      select(s);
      journal.selected = s.getAttribute("data-sentence-id");
      write();
      return;
    }
    const b = e.target.closest && e.target.closest(".tag-buttons button");
    if (b && root.contains(b)) {
      act(keyOf(b));
      return;
    }
    // Any other control needs the app: say that it is on its way.
    const other = e.target.closest && e.target.closest("button");
    const state = root.querySelector(".save-state");
    if (other && root.contains(other) && state) state.textContent = "Loading Glossa…";
  }

  function onKey(e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
    const t = e.target;
    if (t && t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    if (act(e.key)) e.preventDefault();
  }

  function onTakeover(e) {
    root.removeEventListener("click", onClick);
    removeEventListener("keydown", onKey);
    document.removeEventListener("glossa-takeover", onTakeover);
    // The app reads the journal from here if storage refused it.
    if (e.detail && typeof e.detail === "object") e.detail.journal = JSON.stringify(journal);
  }

  // Steps kept from a visit that was reloaded before the app arrived.
  try {
    const kept = JSON.parse(localStorage.getItem(JOURNAL) || "null");
    for (const [id, key] of Array.isArray(kept && kept.steps) ? kept.steps : []) {
      const el = root.querySelector(`span.s[data-sentence-id="${CSS.escape(String(id))}"]`);
      if (el && keys.has(key)) {
        select(el);
        act(key);
      }
    }
  } catch {
    // Unreadable: start a new journal.
  }

  root.addEventListener("click", onClick);
  addEventListener("keydown", onKey);
  document.addEventListener("glossa-takeover", onTakeover);
  document.documentElement.setAttribute("data-first-screen-usable", "");
}
