// The station page's service worker: precaches the page and its files (the list and the cache
// version are written by build.mjs) so a reload while the issuer cannot be reached still opens the
// page; the queued scans are in IndexedDB, the line in the stored session. The page is fetched from
// the network first (a new version arrives as soon as the issuer answers); the API is never touched.
/* global __SHELL__, __VERSION__ */
const SHELL = __SHELL__;
const CACHE = 'markauth-station-' + __VERSION__;
const PREFIX = 'markauth-station-';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL.map((u) => new Request(u, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

const scope = new URL(self.registration.scope);
const shellUrls = new Set(SHELL.map((u) => new URL(u, scope).href));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (req.mode === 'navigate') {
    event.respondWith(fetch(req).catch(() => caches.match(scope.href, { cacheName: CACHE })));
    return;
  }
  if (shellUrls.has(url.href)) {
    event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
  }
});
