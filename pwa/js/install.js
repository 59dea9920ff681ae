// Installing the app to the home screen: a button where the browser offers it
// (beforeinstallprompt); inside WeChat, which cannot install, a discreet hint to open the
// page in the phone's browser — dismissed once, it stays away.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { inWeChat } from "./platform.js";

const DISMISSED = "yizhan.install-hint-dismissed";
let offered = null;

function slot() { return document.getElementById("install"); }

function showHint() {
  if (localStorage.getItem(DISMISSED)) return;
  const close = h("button", { type: "button", class: "link", "aria-label": t("install.dismiss") }, "✕");
  close.addEventListener("click", () => { localStorage.setItem(DISMISSED, "1"); slot().hidden = true; });
  slot().replaceChildren(h("span", {}, t("install.wechat")), close);
  slot().hidden = false;
}

function showButton() {
  const button = h("button", { type: "button", class: "small secondary" }, t("install.button"));
  button.addEventListener("click", async () => {
    if (!offered) return;
    offered.prompt();
    await offered.userChoice.catch(() => null);
    offered = null;
    slot().hidden = true;
  });
  slot().replaceChildren(button);
  slot().hidden = false;
}

export function offerInstall() {
  if (inWeChat) { showHint(); return; }
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // our own button, shown discreetly, instead of the browser's banner
    offered = event;
    showButton();
  });
  window.addEventListener("appinstalled", () => { slot().hidden = true; });
}

// Texts follow the language picker.
export function redrawInstall() {
  if (slot().hidden) return;
  if (inWeChat) showHint(); else if (offered) showButton();
}
