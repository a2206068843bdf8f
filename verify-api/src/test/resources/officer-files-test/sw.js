self.addEventListener('install', () => {}); // test-only service worker
