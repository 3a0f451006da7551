// Glossa's service worker: the app keeps working offline.
//
// - install: caches every file of this build (the list below), then takes
//   over at once: the app loads all its files at start and fetches nothing
//   later, so a page of the previous build loses nothing by the swap.
// - fetch: navigations go to the network first, so a new build shows as soon
//   as it is deployed, with this build's page when the network fails. The
//   page is app.html when the build has one: index.html carries the
//   built-in article prerendered for a first visit, and a visit this worker
//   serves is not a first one (the person's own work may be what opens);
//   the build's own files come from the cache first (file names carry
//   hashes). Every other request (the team server behind /couchdb/, …) is
//   not touched: it goes to the network as the page made it, so the page's
//   deadlines abort it (a fetch made here would outlive the page's abort
//   and hold one of the browser's few connections to the server).
// - activate: deletes the caches of earlier builds.
//
// scripts/trunk-post-build.mjs replaces the next line with this build's
// version (a hash of all its files) and the list of its files.
const BUILD = { version: "unbuilt", files: [] };

const PREFIX = "glossa-";
const CACHE = PREFIX + BUILD.version;
const SCOPE = new URL(self.registration.scope);
const PAGE = new URL(BUILD.files.includes("app.html") ? "app.html" : "index.html", SCOPE).href;
// The app's own page, under whichever name it was asked for.
const PAGE_PATHS = new Set(["", "index.html", "app.html"].map((p) => new URL(p, SCOPE).pathname));
const OWN = new Set(BUILD.files.map((f) => new URL(f, self.registration.scope).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // "reload": fill the cache from the server, not from the HTTP cache,
      // which may hold files of another build under the same name.
      await cache.addAll(BUILD.files.map((f) => new Request(f, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && PAGE_PATHS.has(url.pathname)) {
    event.respondWith(networkFirst(new Request(PAGE + url.search, { credentials: "same-origin" })));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (OWN.has(url.origin + url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const cached = await caches.match(PAGE, { cacheName: CACHE, ignoreSearch: true });
    if (cached) {
      return cached;
    }
    throw offline;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}
