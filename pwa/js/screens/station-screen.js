// A station's TV (/q/{code}/screen): this month's reports from the station and how many were
// handled within 24 hours, lit wishes with the riders' thanks, the open wishes, the month's
// top riders who chose to appear, before/after photos. Large type for 3 metres; it pages through
// what does not fit and asks the server again every minute.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { pageThrough } from "../tv.js";
import { loaded, screen } from "../ui.js";
import { riderName } from "../wishes-ui.js";

export default async function stationScreen({ params, query }) {
  document.documentElement.classList.add("tv");
  pageThrough(query);  // pages through what does not fit, and looks for news once a minute
  const [data, failed] = await loaded(t("screen.title"), () => api(`/stats/screen/${encodeURIComponent(params.code)}`));
  if (failed) return failed;
  const share = data.reports.within_24h_share;
  const [, month] = data.month.split("-");
  return h("section", { class: "screen station-screen", id: "station-screen" },
    h("h1", {}, localName(data.place)),
    h("ul", { class: "headline big" },
      h("li", { dataset: { figure: "sent" } }, h("span", { class: "figure" }, data.reports.sent),
        h("span", { class: "figure-label" }, t("screen.sent", { month: Number(month) }))),
      h("li", { dataset: { figure: "within" } }, h("span", { class: "figure" }, share === null ? "—" : `${Math.round(share * 100)}%`),
        h("span", { class: "figure-label" }, t("screen.within"))),
      h("li", { dataset: { figure: "lit" } }, h("span", { class: "figure" }, data.wishes_lit_this_month),
        h("span", { class: "figure-label" }, t("screen.lit")))),
    h("div", { class: "screen-columns" },
      h("section", {}, h("h2", {}, t("wall.lit")),
        data.lit.length ? h("ul", { class: "wishes" }, data.lit.map((w) => h("li", { class: "wish-card lit" },
          h("h3", {}, w.title), w.thanks ? h("p", { class: "thanks" }, `“${w.thanks}” — ${riderName(w)}`) : null)))
          : h("p", {}, t("screen.none"))),
      h("section", {}, h("h2", {}, t("wall.open")),
        data.open.length ? h("ul", { class: "wishes" }, data.open.map((w) => h("li", { class: "wish-card" },
          h("h3", {}, w.title), h("p", { class: "meta" }, t(`wish.category.${w.category}`))))) : h("p", {}, t("wall.empty"))),
      data.help_thanks.length ? h("section", {}, h("h2", {}, t("screen.help_thanks")),
        h("ul", { class: "wishes" }, data.help_thanks.map((x) => h("li", { class: "wish-card lit" },
          h("h3", {}, t(`help.kind.${x.kind}`)), h("p", { class: "thanks" }, `“${x.thanks}” — ${riderName(x)}`))))) : null,
      data.leaders.length ? h("section", {}, h("h2", {}, t("screen.leaders")),
        h("ol", { class: "leaders" }, data.leaders.map((l) => h("li", {}, `${riderName(l, "name")} · ${l.points}`)))) : null,
      data.pairs.length ? h("section", {}, h("h2", {}, t("monthly.pairs")),
        h("ul", { class: "pairs" }, data.pairs.map((p) => h("li", {},
          h("figure", {}, h("img", { src: p.before_url, alt: t("monthly.before"), loading: "lazy" }), h("figcaption", {}, t("monthly.before"))),
          h("figure", {}, h("img", { src: p.after_url, alt: t("monthly.after"), loading: "lazy" }), h("figcaption", {}, t("monthly.after"))))))) : null),
    h("div", { class: "tv-hint" },
      h("img", { src: `/api/v1/codes/${encodeURIComponent(params.code)}/qr.svg`, alt: t("wall.tv_hint"), width: 200, height: 200 }),
      h("p", { class: "lead" }, t("wall.tv_hint"))));
}
