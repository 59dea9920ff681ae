// Registers the service worker and, when a new release is installed, offers a reload.
import { t } from "./i18n.js";

let accepted = false;

function offerReload(worker) {
  const banner = document.getElementById("banner");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = t("update.reload");
  button.addEventListener("click", () => {
    accepted = true;
    worker.postMessage({ type: "skip-waiting" });
  });
  banner.replaceChildren(t("update.available"), " ", button);
  banner.className = "banner-update";
  banner.hidden = false;
}

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // The first worker taking control changes nothing on screen; a new release the
    // person accepted does: reload once into it.
    if (!accepted) return;
    accepted = false;
    location.reload();
  });
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
