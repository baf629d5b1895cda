/* Homegroup's service worker (ADR 0026). Plain script (no build step): served as /sw.js with scope /.
 *
 * - The app shell (index.html and the hashed assets it names, the manifest and icons) is cached at install, so the
 *   app opens offline; index.html is network-first (a new build is picked up at once), hashed assets cache-first.
 * - The last meeting search answer (public listings, no account data) is kept, and given back when offline.
 * - Nothing else is cached: API answers about people (alerts, phone lists) never reach the cache.
 * - `push` shows what the API sends ({ title, body, data }); the API already decided what is safe for a lock
 *   screen (neutral unless the recipient opted in). `notificationclick` opens the app at the alert.
 */
'use strict';

const SHELL = 'homegroup-shell-v1';
const SEARCH = 'homegroup-last-search-v1';
const SHELL_FILES = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png'];
const MEETING_SEARCH = '/api/v1/meetings';

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL && n !== SEARCH).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** index.html, then every /assets/ file it names (scripts, styles, and the on-demand chunks listed in its
 * homegroup-chunks meta tag); older assets are dropped (their names are hashed). */
async function cacheShell() {
  const cache = await caches.open(SHELL);
  const index = await fetch('/', { cache: 'no-cache' });
  if (!index.ok) throw new Error('app shell not available');
  const html = await index.clone().text();
  const assets = [...new Set(html.match(/\/assets\/[A-Za-z0-9._-]+/g) || [])];
  await cache.put('/', index);
  await cache.addAll([...SHELL_FILES.slice(1), ...assets]);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !assets.includes(path)) await cache.delete(request);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' || url.pathname === '/' || url.pathname === '/index.html') {
    event.respondWith(networkFirst(request, '/'));
  } else if (url.pathname.startsWith('/assets/') || SHELL_FILES.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname === MEETING_SEARCH) {
    event.respondWith(lastSearch(request));
  }
});

async function networkFirst(request, key) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(SHELL)).put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(key, { cacheName: SHELL });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

/**
 * The network's answer, kept as the last search; offline, that last search (marked as such). The finder asks for
 * the meetings running now and for the upcoming ones at once, so each of the two is kept under its own key.
 */
async function lastSearch(request) {
  const cache = await caches.open(SEARCH);
  const params = new URL(request.url).searchParams;
  const running = params.get('inProgress') === 'true' && !params.has('startsWithinMinutes');
  const key = `${MEETING_SEARCH}?last=${running ? 'running' : 'upcoming'}`;
  try {
    const response = await fetch(request);
    if (response.ok) {
      const body = await response.clone().arrayBuffer();
      const headers = new Headers({ 'content-type': response.headers.get('content-type') || 'application/json' });
      headers.set('x-homegroup-offline-copy', new URL(request.url).search);
      await cache.put(key, new Response(body, { status: 200, headers }));
    }
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('push', (event) => {
  event.waitUntil(showPush(event.data));
});

/** Shows the API's payload as it is; an unreadable one still rings, with neutral text. */
async function showPush(data) {
  let message = {};
  try {
    message = data ? data.json() : {};
  } catch {
    message = {};
  }
  const title = typeof message.title === 'string' && message.title ? message.title : 'Homegroup';
  const body = typeof message.body === 'string' ? message.body : '';
  const info = message.data && typeof message.data === 'object' ? message.data : {};
  const isAlert = info.type === 'craving.alert' || info.type === 'craving.escalated';
  await self.registration.showNotification(title, {
    body,
    data: info,
    tag: info.cravingId ? `${info.type}:${info.cravingId}` : String(info.type || 'homegroup'),
    renotify: true,
    requireInteraction: isAlert,
    vibrate: isAlert ? [300, 100, 300, 100, 300] : [200],
    icon: '/icon-192.png',
    badge: '/icon-192.png',
  });
  // Open pages (if any) may react at once; the notification stays for the lock screen.
  for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
    client.postMessage({ type: 'homegroup:push', data: info });
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification(event.notification));
});

/** Where a notification leads: alerts for me to the inbox; my own alert's news to the craving screen; consent by text to the phone list. */
function routeFor(info) {
  switch (info && info.type) {
    case 'craving.escalated':
    case 'craving.checkin':
      return '#/craving';
    case 'craving.alert':
    case 'craving.acknowledged':
    case 'craving.resolved':
      return '#/inbox';
    case 'phone-list.outside-consent':
      return '#/phones';
    default:
      return '#/inbox';
  }
}

/** Focuses an open app page and moves it to the alert, or opens the app there. */
async function openFromNotification(notification) {
  const hash = routeFor(notification.data);
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const page = pages.find((c) => new URL(c.url).origin === self.location.origin);
  if (page) {
    page.postMessage({ type: 'homegroup:open', hash });
    try {
      await page.focus();
    } catch {
      // Focusing needs the tap's user activation; without it the page still moved to the alert.
    }
    return page;
  }
  return self.clients.openWindow(`/${hash}`);
}
