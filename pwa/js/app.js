// Boot: language, who is signed in, the screen for this URL, then the service worker.
import { detectLanguage, setLanguage, t } from "./i18n.js";
import { loadSession } from "./session.js";
import { render, startRouter } from "./router.js";
import { registerServiceWorker } from "./updates.js";
import { flush } from "./outbox.js";
import { csrf } from "./api.js";

const picker = document.getElementById("lang");

// Kept reports go out on start and whenever the network comes back.
async function sendWaiting() {
  if (!navigator.onLine) return;
  for (const result of await flush(csrf())) {
    const card = document.querySelector(`.waiting[data-key="${result.item.key}"]`);
    if (card && result.sent) card.replaceChildren(Object.assign(document.createElement("p"),
      { className: "ok", textContent: t(result.item.kind === "wish" ? "wish.sent" : "report.sent") }));
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
    await render();
  });
  window.addEventListener("online", showConnectivity);
  window.addEventListener("online", sendWaiting);
  window.addEventListener("offline", showConnectivity);
  showConnectivity();
  await startRouter();
  registerServiceWorker();
  sendWaiting();
}

boot();
