// Building blocks shared by the screens.
import { h } from "./dom.js";
import { t } from "./i18n.js";

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

export function errorCard(error) {
  return h("p", { class: "form-error", role: "alert" }, errorMessage(error));
}

export function formError() {
  return h("p", { class: "form-error", role: "alert", hidden: true });
}

export function select(name, options, { value, required = false } = {}) {
  return h("select", { name, required },
    options.map(([optionValue, label]) => h("option", { value: optionValue, selected: String(optionValue) === String(value) }, label)));
}
