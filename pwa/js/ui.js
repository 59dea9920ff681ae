// Building blocks shared by the screens.
import { h } from "./dom.js";
import { t } from "./i18n.js";

// "Draw this screen again": the router listens (so this module needs no import of it).
export const REDRAW = "yizhan:redraw";


export function screen(title, ...children) {
  return h("section", { class: "screen" }, h("h1", {}, title), ...children);
}

export function linkButton(href, text, { secondary = false } = {}) {
  return h("a", { class: secondary ? "button secondary" : "button", href, "data-link": true }, text);
}

// The message for a failed call: the server's own words, or "you are offline".
export function errorMessage(error) {
  return error.code === "offline" ? t("offline.short") : error.message;
}

// A failed load: what went wrong, and "try again" (the screen is drawn afresh).
export function errorCard(error) {
  const again = h("button", { type: "button", class: "secondary small retry" }, t("error.retry"));
  again.addEventListener("click", () => window.dispatchEvent(new Event(REDRAW)));
  return h("div", { class: "error-card", role: "alert" }, h("p", { class: "form-error" }, errorMessage(error)), again);
}

// What a screen loads before it can be drawn; the router shows the outline meanwhile. A
// failed load gives the screen to show instead — its title, anything ``around`` the error
// (a picker, the controls), the message and "try again" — and an empty list in place of the
// data, so that destructuring it stays safe:
//   const [rules, failed] = await loaded(t("home.points_admin"), () => api("/points/rules"));
//   if (failed) return failed;
export async function loaded(title, load, ...around) {
  try { return [await load(), null]; } catch (error) { return [[], screen(title, ...around, errorCard(error))]; }
}

// Shown while a screen is still on its way (only if that takes a moment).
export function skeleton() {
  return h("section", { class: "screen skeleton", "aria-busy": "true", "aria-label": t("loading") },
    h("div", { class: "bone title" }), h("div", { class: "bone" }), h("div", { class: "bone" }), h("div", { class: "bone short" }));
}

export function formError() {
  return h("p", { class: "form-error", role: "alert", hidden: true });
}

export function select(name, options, { value, required = false } = {}) {
  return h("select", { name, required },
    options.map(([optionValue, label]) => h("option", { value: optionValue, selected: String(optionValue) === String(value) }, label)));
}

// A phone number to tap and call; a masked one (138****0005) is only shown: it cannot be dialled.
export function phoneLink(phone, attrs = {}) {
  if (!phone) return null;
  if (phone.includes("*")) return h("bdi", { dir: "ltr", class: "masked-phone", ...attrs }, phone);
  return h("a", { href: `tel:${phone.replace(/[^0-9+]/g, "")}`, dir: "ltr", ...attrs }, phone);
}

// Nothing in a list yet: say so, and offer the next step ([href, catalog key]).
export function emptyState(text, next = null, id = "empty-state") {
  return h("div", { class: "card empty-state", id }, h("p", {}, text), next ? linkButton(next[0], t(next[1]), { secondary: true }) : null);
}

// A private link is someone's only way back (a claim, a report followed as a guest): copy it,
// or keep it as a file on the phone. The link itself is the element #private-link.
export function keepLinkButtons(link, title, fileName) {
  const said = h("span", { class: "meta", role: "status" });
  const copy = h("button", { type: "button", class: "secondary", id: "copy-link" }, t("claim.copy"));
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(link); said.textContent = t("claim.copied"); }
    catch {  // no clipboard (an old WebView): select the link so a long press copies it
      getSelection().selectAllChildren(document.getElementById("private-link"));
      said.textContent = t("claim.copy_by_hand");
    }
  });
  const file = new Blob([`${title}\n${link}\n`], { type: "text/plain" });
  const save = h("a", { class: "button secondary", id: "save-link", download: fileName, href: URL.createObjectURL(file) },
    t("claim.save"));
  return h("div", { class: "keep-link" }, copy, save, said);
}
