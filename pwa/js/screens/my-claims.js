// Wishes the signed-in resident promised to fulfil.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localOf, t } from "../i18n.js";
import { emptyState, loaded, screen } from "../ui.js";
import { riderName } from "../wishes-ui.js";

export default async function myClaims() {
  const [mine, failed] = await loaded(t("home.myclaims"), () => api("/claims/mine"));
  if (failed) return failed;
  return screen(t("home.myclaims"),
    mine.length ? h("ul", { class: "people", id: "my-claims" }, mine.map((c) => h("li", { class: "person" },
      h("div", { class: "node-head" }, h("a", { href: `/wishes/${c.wish.id}`, "data-link": true }, c.wish.title),
        h("span", { class: "tag" }, t(`claim.status.${c.status}`))),
      h("p", { class: "meta" }, riderName(c.wish), " · ", localOf(c.wish, "place_name")))))
      : emptyState(t("claim.none"), ["/nearby", "empty.find_walls"]),
    h("p", { class: "meta" }, t("claim.mine_hint")));
}
