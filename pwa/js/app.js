// Boot: language, who is signed in, the screen for this URL, then the service worker.
import { detectLanguage, setLanguage, t } from "./i18n.js";
import { loadSession } from "./session.js";
import { render, startRouter } from "./router.js";
import { registerServiceWorker } from "./updates.js";
import { flush } from "./outbox.js";
import { csrf } from "./api.js";
import { offerInstall, redrawInstall } from "./install.js";
import { inWeChat } from "./platform.js";

const picker = document.getElementById("lang");

// Kept reports go out on start, whenever the network comes back and whenever the page is
// shown again (inside WeChat there is no service worker to send them in the background).
// Each finished round is counted on <html data-outbox-rounds>, for whoever waits on it.
let outboxRounds = 0;
async function sendWaiting() {
  try {
    if (!navigator.onLine) return;
    // A page opened offline does not know who is signed in: ask now, so the kept reports go
    // with the session's token (and to the rider's own list).
    if (!csrf()) await loadSession();
    for (const result of await flush(csrf())) {
      const card = document.querySelector(`.waiting[data-key="${result.item.key}"]`);
      if (card && result.sent) card.replaceChildren(Object.assign(document.createElement("p"),
        { className: "ok", textContent: t(result.item.kind === "wish" ? "wish.sent" : "report.sent") }));
    }
  } finally {
    document.documentElement.dataset.outboxRounds = String(++outboxRounds);
  }
}

function showConnectivity() {
  const banner = document.getElementById("banner");
  if (navigator.onLine) { banner.hidden = true; return; }
  banner.replaceChildren(t("offline.banner"), " ");
  const more = document.createElement("a");
  more.href = "/offline"; more.dataset.link = ""; more.textContent = t("offline.more");
  banner.append(more);
  banner.className = "banner-offline";
  banner.hidden = false;
}

async function boot() {
  const lang = detectLanguage();
  picker.value = lang;
  await Promise.all([setLanguage(lang), loadSession()]);
  picker.addEventListener("change", async () => {
    await setLanguage(picker.value, { remember: true });
    showConnectivity();
    redrawInstall();
    await render();
  });
  window.addEventListener("online", showConnectivity);
  window.addEventListener("online", sendWaiting);
  window.addEventListener("offline", showConnectivity);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") sendWaiting(); });
  showConnectivity();
  await startRouter();
  // WeChat's browser keeps a service worker's old shell with no way for the rider to
  // refresh it; there the page and the outbox work without one.
  if (!inWeChat) registerServiceWorker();
  offerInstall();
  sendWaiting();
}

boot();
