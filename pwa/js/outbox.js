// Reports and wishes waiting to be sent. Each is saved here (photos included) before the
// first try and removed only once the server has it, so a dead network loses nothing. Each
// has its idempotency key: sending twice gives the same one, never a second.
const DB = "yizhan";
const STORE = "outbox";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
  });
}

export const keep = (item) => run("readwrite", (store) => store.put(item));
export const forget = (key) => run("readwrite", (store) => store.delete(key));
export const waiting = () => run("readonly", (store) => store.getAll());

// What each kind of item is sent as (the service worker keeps the same table in sw.js).
export const KINDS = {
  report: { url: "/api/v1/reports", fields: ["code", "category", "description", "spot", "guest_name", "guest_phone"], photo: "photos" },
  wish: { url: "/api/v1/wishes", fields: ["code", "category", "title", "description", "needed_by", "rider_name", "rider_phone", "source"], photo: "photo" },
};

// XMLHttpRequest rather than fetch: it reports upload progress.
function post(url, form, csrfToken, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    if (csrfToken) xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    xhr.setRequestHeader("Accept", "application/json");
    if (onProgress) xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (error) { /* not JSON */ }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ status: 0, body: {} });
    xhr.send(form);
  });
}

// Send one kept item; true when the server has it (or refused it for good).
export async function send(item, csrfToken, onProgress) {
  const kind = KINDS[item.kind || "report"];
  const form = new FormData();
  for (const name of kind.fields) form.append(name, item[name] || "");
  form.append("idempotency_key", item.key);
  item.photos.forEach((blob, i) => form.append(kind.photo, blob, `photo-${i + 1}.jpg`));
  const { status, body } = await post(kind.url, form, csrfToken, onProgress);
  if (status === 0) return { sent: false };
  if (status >= 200 && status < 300) { await forget(item.key); return { sent: true, report: body }; }
  // A session not known yet on this page (it opened offline): keep it, the next try has one.
  if (status === 403 && body?.code === "csrf_failed") return { sent: false };
  // Too many for now: kept, and the server's words say until when.
  if (status === 429) return { sent: false, later: body };
  if (status >= 400 && status < 500 && status !== 429 && status !== 408) {
    await forget(item.key); // the server will never take it as it is: say why, keep nothing half-done
    return { sent: false, refused: body };
  }
  return { sent: false };
}

let flushing = null;

// Try everything that waits; the page calls this on start and when the network is back.
export function flush(csrfToken) {
  if (!flushing) {
    flushing = (async () => {
      const results = [];
      for (const item of await waiting()) results.push({ item, ...(await send(item, csrfToken)) });
      return results;
    })().finally(() => { flushing = null; });
  }
  return flushing;
}

// Keep the item, try to send it once, and if the network is down ask the service worker
// to send it later (Background Sync) where there is one; without one (WeChat, a browser
// without Background Sync) the page sends it when it is online, shown or opened again.
// Returns send()'s result.
export async function deliver(item, csrfToken, onProgress) {
  await keep(item);
  const result = await send(item, csrfToken, onProgress);
  if (!result.sent && !result.refused && "serviceWorker" in navigator) {
    // getRegistration, not `ready`: `ready` never settles when no worker is registered.
    const registration = await navigator.serviceWorker.getRegistration().catch(() => null);
    if (registration && registration.sync) registration.sync.register("yizhan-outbox").catch(() => {});
  }
  return result;
}
