// The wish wall of a place (/q/{code}/wall) or of a whole community (/wall/community/{id}):
// open wishes with a category filter and the recently lit ones with their thanks. No
// sign-in needed. ?tv=1 is the big-screen mode for a station's TV: large type, refreshes.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { pageThrough } from "../tv.js";
import { linkButton, loaded, screen } from "../ui.js";
import { wishCard } from "../wishes-ui.js";
import { WISH_CATEGORIES } from "../vocabulary.js";

function shareButton() {
  const button = h("button", { type: "button", class: "secondary" }, t("wall.share"));
  button.addEventListener("click", async () => {
    const url = location.href.replace(/[?&]tv=1/, "");
    if (navigator.share) { navigator.share({ title: document.title, url }).catch(() => {}); return; }
    try { await navigator.clipboard.writeText(url); button.textContent = t("wall.copied"); } catch (error) { prompt(t("wall.share"), url); }
  });
  return button;
}

function filters(chosen) {
  const base = location.pathname;
  return h("nav", { class: "chips", "aria-label": t("wish.category") },
    [["", t("wall.all")], ...WISH_CATEGORIES.map((c) => [c, t(`wish.category.${c}`)])].map(([value, label]) =>
      h("a", { class: value === (chosen || "") ? "chip chosen" : "chip", href: value ? `${base}?category=${value}` : base,
        "data-link": true, "aria-current": value === (chosen || "") ? "true" : null }, label)));
}

async function wallScreen(path, query, { wishLink = null } = {}) {
  const tv = query.get("tv") === "1";
  const category = query.get("category");
  const [wall, failed] = await loaded(t("place.action.wall"), () => api(path, { params: { category, cursor: query.get("cursor") } }));
  if (failed) return failed;
  document.documentElement.classList.toggle("tv", tv);
  if (tv) {
    pageThrough(query);
  }
  const name = localName({ name: wall.title, name_ug: wall.title_ug, name_en: wall.title_en });
  const more = wall.next_cursor
    ? linkButton(`${location.pathname}?${new URLSearchParams({ ...(category ? { category } : {}), cursor: wall.next_cursor })}`,
      t("action.more"), { secondary: true }) : null;
  return screen(`${t("wall.title")} · ${name}`,
    wall.place && wall.place.state !== "active" ? h("p", { class: "notice-strong" }, t(`place.state.${wall.place.state}`)) : null,
    tv ? h("div", { class: "tv-hint" },
      wall.place ? h("img", { src: `/api/v1/codes/${wall.place.code}/qr.svg`, alt: t("wall.tv_hint"), width: 200, height: 200 }) : null,
      h("p", { class: "lead" }, t("wall.tv_hint"))) : h("p", { class: "lead" }, t("wall.intro")),
    tv ? null : h("div", { class: "toolbar" }, shareButton(), wishLink),
    tv ? null : filters(category),
    h("section", {}, h("h2", {}, t("wall.open")),
      wall.open.length ? h("ul", { class: "wishes", id: "open-wishes" }, wall.open.map((w) => wishCard(w, { big: tv })))
        : h("p", {}, t("wall.empty")), more),
    wall.lit.length ? h("section", {}, h("h2", {}, t("wall.lit")),
      h("ul", { class: "wishes", id: "lit-wishes" }, wall.lit.map((w) => wishCard(w, { big: tv })))) : null);
}

export function placeWall(found, query) {
  return wallScreen(`/walls/places/${encodeURIComponent(found.code)}`, query,
    { wishLink: linkButton(`/q/${found.code}/wish`, t("place.action.wish"), { secondary: true }) });
}

export default async function communityWall({ params, query }) {
  return wallScreen(`/walls/communities/${encodeURIComponent(params.id)}`, query);
}
