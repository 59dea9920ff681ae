// Reports waiting to be sent. A report is saved here (photos included) before the first
// try and removed only once the server has it, so a dead network loses nothing. Each has
// its idempotency key: sending twice gives the same report, never a second one.
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

// Send one kept report; true when the server has it (or refused it for good).
export async function send(item, csrfToken) {
  const form = new FormData();
  for (const name of ["code", "category", "description", "spot", "guest_name", "guest_phone"]) form.append(name, item[name] || "");
  form.append("idempotency_key", item.key);
  item.photos.forEach((blob, i) => form.append("photos", blob, `photo-${i + 1}.jpg`));
  let response;
  try {
    response = await fetch("/api/v1/reports", { method: "POST", body: form, credentials: "same-origin",
      headers: csrfToken ? { "X-CSRF-Token": csrfToken } : {} });
  } catch (error) {
    return { sent: false };
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok) { await forget(item.key); return { sent: true, report: body }; }
  if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408) {
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
