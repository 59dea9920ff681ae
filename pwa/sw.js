// Yizhan service worker. The server fills in VERSION and SHELL; a new release changes both,
// so the browser installs this worker anew and the page offers "new version — reload".
const VERSION = "{{version}}";
const SHELL = "{{shell}}";
const SHELL_CACHE = `yizhan-shell-${VERSION}`;
const API_CACHE = "yizhan-api";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("yizhan-shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

function offlineProblem() {
  const body = JSON.stringify({ type: "urn:yizhan:problem:offline", title: "Offline", status: 503,
    code: "offline", detail: "offline" });
  return new Response(body, { status: 503, headers: { "Content-Type": "application/problem+json" } });
}

// API reads: the network first (fresh data), the last answer seen when offline.
async function networkFirstApi(request) {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    // Stored before the page sees it: what the page showed is then there offline too.
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(request)) || offlineProblem();
  }
}

// Pages: every app URL is the same shell; fetch it fresh, fall back to the cached one.
async function appShell(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(SHELL_CACHE)).put("/", response.clone());
    return response;
  } catch (error) {
    return (await caches.match("/")) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirstApi(request));
  } else if (request.mode === "navigate") {
    event.respondWith(appShell(request));
  } else if (url.pathname.startsWith("/v/")) {
    // Versioned files never change: the cache first.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

// Background Sync: send kept reports even when no page of the app is open. The worker asks
// for the session's CSRF token itself (a report kept by a page opened offline has none),
// else uses the one the page kept with the report.
self.addEventListener("sync", (event) => {
  if (event.tag === "yizhan-outbox") event.waitUntil(sendOutbox());
});

function outboxItems() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("yizhan", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("outbox", { keyPath: "key" });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction("outbox").objectStore("outbox").getAll();
      request.onsuccess = () => resolve({ db: open.result, items: request.result });
      request.onerror = () => reject(request.error);
    };
  });
}

// The same table as KINDS in js/outbox.js (a classic worker cannot import it).
const OUTBOX_KINDS = {
  report: { url: "/api/v1/reports", fields: ["code", "category", "description", "spot", "guest_name", "guest_phone"], photo: "photos" },
  wish: { url: "/api/v1/wishes", fields: ["code", "category", "title", "description", "needed_by", "rider_name", "rider_phone", "source"], photo: "photo" },
};

async function currentCsrf() {
  try {
    const response = await fetch("/api/v1/auth/session", { credentials: "same-origin" });
    return response.ok ? (await response.json()).csrf_token : null;
  } catch (error) { return null; }
}

async function sendOutbox() {
  const { db, items } = await outboxItems();
  if (!items.length) return;
  const token = await currentCsrf();
  for (const item of items) {
    const kind = OUTBOX_KINDS[item.kind || "report"];
    const form = new FormData();
    for (const name of kind.fields) form.append(name, item[name] || "");
    form.append("idempotency_key", item.key);
    item.photos.forEach((blob, i) => form.append(kind.photo, blob, `photo-${i + 1}.jpg`));
    const csrf = token || item.csrf;
    const response = await fetch(kind.url, { method: "POST", body: form, credentials: "same-origin",
      headers: csrf ? { "X-CSRF-Token": csrf } : {} });
    // A refused token is the session's, not the report's fault: keep it for the next try.
    const tokenRefused = response.status === 403 && (await response.clone().json().catch(() => ({}))).code === "csrf_failed";
    if (!tokenRefused && (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429))) {
      db.transaction("outbox", "readwrite").objectStore("outbox").delete(item.key);
    }
  }
}
