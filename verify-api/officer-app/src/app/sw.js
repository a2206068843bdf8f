// The officer app's service worker: precaches the app shell (the list is written by build.mjs, with
// a version that changes whenever any shell file does) so the app opens with no signal at all. The
// page is fetched from the network first (a new version reaches the officer as soon as there is a
// signal) and from the cache when that fails; the content-hashed assets come from the cache first.
// The API is never touched here: verdicts, lists and inspections are the page's business, and
// what it keeps offline it keeps in IndexedDB, verified.
/* global __SHELL__, __VERSION__ */
const SHELL = __SHELL__;
const CACHE = 'markauth-officer-' + __VERSION__;
const PREFIX = 'markauth-officer-';

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
