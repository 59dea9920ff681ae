// Pieces shared by the wish screens.
import { h } from "./dom.js";
import { localOf, t } from "./i18n.js";
import { photoButton } from "./viewer.js";


export function wishStatusTag(status) {
  return h("span", { class: `tag wish-${status}` }, t(`wish.status.${status}`));
}

// A rider as walls, boards and screens show him: surname + the reader's word for 师傅
// (``field``: the server's Chinese form, beside which it sends ``<field>_short``).
export function riderName(item, field = "rider") {
  const short = item[`${field}_short`];
  return short ? t("rider.title", { name: short }) : item[field];
}

// A wish as the wall shows it: the rider only as surname + 师傅.
export function wishCard(wish, { link = true, big = false } = {}) {
  const lit = wish.status === "thanked";
  return h("li", { class: `wish-card${lit ? " lit" : ""}${big ? " big" : ""}`, dataset: { id: wish.id } },
    wish.thumb_url ? photoButton([{ url: wish.photo_url, label: wish.title }], 0, wish.thumb_url,
      { class: "wish-thumb", width: 96, height: 96 }) : null,
    h("div", { class: "node-head" }, h("span", { class: "tag" }, t(`wish.category.${wish.category}`)),
      lit ? h("span", { class: "tag lit-tag" }, t("wish.lit")) : null),
    h("h3", {}, link && !big ? h("a", { href: `/wishes/${wish.id}`, "data-link": true }, wish.title) : wish.title),
    wish.description ? h("p", {}, wish.description) : null,
    h("p", { class: "meta" }, riderName(wish), " · ", localOf(wish, "place_name"),
      wish.needed_by ? ` · ${t("wish.needed_by_short", { date: wish.needed_by })}` : ""),
    lit && wish.thanks ? h("blockquote", { class: "thanks" }, wish.thanks) : null,
    link && !big && wish.status === "published"
      ? h("a", { class: "button", href: `/wishes/${wish.id}`, "data-link": true }, t("wish.claim")) : null);
}
