// Registers the service worker and, when a new release is installed, offers a reload.
import { t } from "./i18n.js";

function offerReload(worker) {
  const banner = document.getElementById("banner");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = t("update.reload");
  button.addEventListener("click", () => worker.postMessage({ type: "skip-waiting" }));
  banner.replaceChildren(t("update.available"), " ", button);
  banner.className = "banner-update";
  banner.hidden = false;
}

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Only a worker the person accepted replaces a controlling one: then reload once.
    if (reloading || !window.__yizhanHadController) return;
    reloading = true;
    location.reload();
  });
  window.__yizhanHadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offerReload(worker);
      });
    });
  }).catch(() => { /* no offline support on this browser; the app still works online */ });
}
