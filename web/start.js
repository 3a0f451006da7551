// Starts Glossa. Trunk's own loader is an inline <script>, which the page's
// Content-Security-Policy (script-src 'self') refuses; this file replaces it.
// Trunk.toml's `pattern_script` writes the hashed names of the app's
// JavaScript and WebAssembly into <meta name="glossa-js|glossa-wasm">.

function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  return el ? el.content : null;
}

// Shown when the app cannot start at all; a text node, never HTML.
function fail(why) {
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.textContent = `Glossa could not start: ${why}. Reload the page to try again.`;
  document.body.append(p);
}

// Offline use: the service worker keeps every file of this build. It is
// registered once the app runs: its install fetches every file again, which
// on a first visit over a slow connection would compete with the app's own
// download. Not awaited, so a failed registration (unsupported browser,
// private mode) never stops anything.
function registerServiceWorker() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(new URL("sw.js", import.meta.url))
      .catch((e) => console.warn("Glossa works, but not offline: the service worker was not registered:", e));
  }
}

// A first visit shows the prerendered first screen (web/first.js makes it
// usable): the app's files then wait until the page has loaded, so they
// do not compete with what the first screen needs.
if (document.querySelector("div[data-first-screen]") && document.readyState !== "complete") {
  await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
}

const js = meta("glossa-js");
const wasm = meta("glossa-wasm");
if (!js || !wasm) {
  fail("the page names no app files");
} else {
  try {
    const { default: init } = await import(js);
    const exports = await init({ module_or_path: wasm });
    registerServiceWorker();
    // The event Trunk's own loader sends once the app runs; tools that
    // watch for it (the browser benchmark reads the wasm memory) keep
    // working.
    dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: exports } }));
  } catch (e) {
    console.error(e);
    fail(String(e && e.message ? e.message : e));
  }
}
