// Building blocks shared by the screens.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { render } from "./router.js";

export const ROLES = ["admin", "community_worker", "station_head", "property_staff", "rider", "resident"];
export const PLATFORMS = ["meituan", "eleme", "sf", "jd", "cainiao", "dada", "other"];

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
  again.addEventListener("click", () => render());
  return h("div", { class: "error-card", role: "alert" }, h("p", { class: "form-error" }, errorMessage(error)), again);
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
