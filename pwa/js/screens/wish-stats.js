// What riders are short of: wishes per community and kind, how far they got, and how long
// a published wish waits for someone to claim it.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { loaded, screen } from "../ui.js";

export default async function wishStats() {
  const [rows, failed] = await loaded(t("home.wishstats"), () => api("/wishes/stats"));
  if (failed) return failed;
  const communities = [...new Set(rows.map((r) => r.community_name))];
  const head = ["wish.category", "stats.collected", "stats.published", "stats.claimed", "stats.fulfilled", "stats.median_days"];
  return screen(t("home.wishstats"),
    rows.length ? communities.map((name) => h("section", { class: "card" }, h("h2", {}, name),
      h("div", { class: "table-wrap" }, h("table", { class: "stats" },
        h("thead", {}, h("tr", {}, head.map((k) => h("th", { scope: "col" }, t(k))))),
        h("tbody", {}, rows.filter((r) => r.community_name === name).map((r) => h("tr", { dataset: { category: r.category } },
          h("th", { scope: "row" }, t(`wish.category.${r.category}`)), h("td", {}, r.collected), h("td", {}, r.published),
          h("td", {}, r.claimed), h("td", {}, r.fulfilled),
          h("td", {}, r.median_days_to_claim === null ? "—" : String(r.median_days_to_claim))))))))) : h("p", {}, t("stats.none")));
}
