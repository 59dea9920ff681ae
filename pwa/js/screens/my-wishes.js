// The rider's wishes: where each one stands, who claimed it, and "thank you" once done.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { emptyState, linkButton, loaded, screen } from "../ui.js";
import { wishStatusTag } from "../wishes-ui.js";

export default async function myWishes() {
  const [[mine, news], failed] = await loaded(t("home.mywishes"), () => Promise.all([api("/wishes/mine"), api("/notifications")]));
  if (failed) return failed;
  const unread = news.filter((n) => !n.read && n.object_type === "wish");
  if (unread.length) api("/notifications/read", { method: "POST", params: { object_type: "wish" } }).catch(() => {});
  return screen(t("home.mywishes"),
    unread.length ? h("p", { class: "notice-strong", role: "status" }, t("report.news", { n: unread.length })) : null,
    mine.length ? h("ul", { class: "people", id: "my-wishes" }, mine.map((d) => h("li", { class: "person", dataset: { id: d.wish.id } },
      h("div", { class: "node-head" }, h("a", { href: `/wishes/${d.wish.id}`, "data-link": true }, d.wish.title), wishStatusTag(d.wish.status)),
      h("p", { class: "meta" }, t(`wish.category.${d.wish.category}`), " · ", d.wish.place_name,
        d.claim && d.claim.status === "active" ? ` · ${t("wish.claimed_by", { name: d.claim.name })}` : ""),
      d.can.includes("thank") ? linkButton(`/wishes/${d.wish.id}`, t("wish.thank")) : null)))
      : emptyState(t("wish.none"), ["/nearby", "wish.where"]),
    mine.length ? linkButton("/nearby", t("wish.where"), { secondary: true }) : null);
}
