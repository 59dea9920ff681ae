// Catalogs per language (pwa/i18n/*.json); the choice is remembered on the device and sent
// to the server as the yizhan_lang cookie, so its error messages match.
export const LANGUAGES = ["zh", "ug", "en"];
const HTML_LANG = { zh: "zh-CN", ug: "ug", en: "en" };
const STORAGE_KEY = "yizhan.lang";
const base = new URL("../i18n/", import.meta.url);
let catalog = {};
let current = "zh";

export function detectLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(saved)) return saved;
  for (const tag of navigator.languages || [navigator.language || ""]) {
    const code = tag.toLowerCase().split("-")[0];
    if (LANGUAGES.includes(code)) return code;
  }
  return "zh";
}

export async function setLanguage(lang, { remember = false } = {}) {
  const response = await fetch(new URL(`${lang}.json`, base));
  catalog = await response.json();
  current = lang;
  if (remember) localStorage.setItem(STORAGE_KEY, lang);
  document.cookie = `yizhan_lang=${lang}; path=/; max-age=31536000; samesite=lax`;
  const root = document.documentElement;
  root.lang = HTML_LANG[lang];
  root.dir = lang === "ug" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.title = `${t("app.name")} · Yizhan`;
}

export function language() { return current; }

// t(key, {name: "x"}) → the text with {name} filled in; the key itself if missing.
export function t(key, params = {}) {
  const text = catalog[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

// A name in the reader's language, falling back to the Chinese one.
// A field's value in the reader's language, when the server sent one: place_name_ug …
export function localOf(item, field) {
  if (!item) return "";
  return (current === "ug" && item[`${field}_ug`]) || (current === "en" && item[`${field}_en`]) || item[field];
}

export function localName(item) {
  if (!item) return "";
  return (current === "ug" && item.name_ug) || (current === "en" && item.name_en) || item.name;
}
