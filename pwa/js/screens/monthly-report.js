// The monthly report (/dashboard/report?month=YYYY-MM&scope=…&lang=…): one printable A4
// document — the article's sentence with this month's numbers, tables per community and
// category, the overdue cases, the lit wishes with the riders' thanks, before/after photos.
// ?lang=ug or en prints the same report in Uyghur or English without changing the app's language.
import { api } from "../api.js";
import { h } from "../dom.js";
import { language, LANGUAGES, setLanguage, t } from "../i18n.js";
import { loaded } from "../ui.js";
import { riderName } from "../wishes-ui.js";

const percent = (share) => (share === null || share === undefined ? "—" : `${Math.round(share * 1000) / 10}%`);
const hours = (minutes) => (minutes === null || minutes === undefined ? "—" : `${Math.round(minutes / 6) / 10}`);

function table(id, head, rows) {
  return h("div", { class: "table-wrap" }, h("table", { class: "stats report-table", id },
    h("thead", {}, h("tr", {}, head.map((key) => h("th", { scope: "col" }, t(key))))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell, i) => (i === 0 ? h("th", { scope: "row" }, cell) : h("td", {}, cell))))))));
}

function reportRow(label, r) {
  return [label, r.received, r.leads, r.within_24h, percent(r.within_24h_share), r.fixed, r.overdue_now,
    hours(r.first_response_minutes.p50), hours(r.fix_minutes.p50)];
}

const REPORT_HEAD = ["monthly.col.name", "monthly.col.received", "monthly.col.leads", "monthly.col.within", "monthly.col.share",
  "monthly.col.fixed", "monthly.col.overdue", "monthly.col.response", "monthly.col.fix"];

export default async function monthlyReport({ query }) {
  const wanted = query.get("lang");
  if (LANGUAGES.includes(wanted) && wanted !== language()) await setLanguage(wanted);
  const [data, failed] = await loaded(t("monthly.title"),
    () => api("/stats/monthly", { params: { month: query.get("month"), scope: query.get("scope") } }));
  if (failed) return failed;
  const r = data.totals.reports, w = data.totals.wishes;
  const [year, month] = data.month.split("-");
  const scopeName = data.scope.name || (data.scope.platform ? t(`platform.${data.scope.platform}`) : t("dashboard.scope.all"));
  const communities = data.communities.filter((g) => g.figures.reports && g.figures.reports.received);
  const categories = data.categories.filter((g) => g.figures.reports && g.figures.reports.received);
  const print = h("button", { type: "button", class: "no-print", id: "print" }, t("monthly.print"));
  print.addEventListener("click", () => window.print());
  document.documentElement.classList.add("printable");
  return h("article", { class: "monthly", id: "monthly-report" },
    h("header", { class: "monthly-head" },
      h("h1", {}, t("monthly.heading", { scope: scopeName, year, month: Number(month) })),
      h("p", { class: "meta" }, `${data.period.from} – ${data.period.to}`),
      h("nav", { class: "actions no-print" }, print, LANGUAGES.filter((l) => l !== language()).map((l) =>
        h("a", { class: "button secondary", href: `${location.pathname}?${new URLSearchParams({ ...Object.fromEntries(query), lang: l })}`,
          "data-link": true }, t(`language.${l}`))))),
    h("p", { class: "sentence", id: "sentence" }, data.sentence),
    h("section", {}, h("h2", {}, t("monthly.totals")), table("table-totals", REPORT_HEAD, [reportRow(scopeName, r)]),
      w ? h("p", {}, t("monthly.wishes", w)) : null),
    communities.length > 1 || (communities.length === 1 && data.scope.kind !== "community")
      ? h("section", {}, h("h2", {}, t("monthly.by_community")),
        table("table-communities", REPORT_HEAD, communities.map((g) => reportRow(g.label, g.figures.reports)))) : null,
    categories.length ? h("section", {}, h("h2", {}, t("monthly.by_category")),
      table("table-categories", REPORT_HEAD, categories.map((g) => reportRow(g.label, g.figures.reports)))) : null,
    h("section", {}, h("h2", {}, t("monthly.overdue")),
      data.overdue.length ? table("table-overdue", ["monthly.col.case", "monthly.col.category", "monthly.col.place", "monthly.col.company", "monthly.col.late"],
        data.overdue.map((c) => [`#${c.id}`, c.category, c.place, c.company || "—", c.hours_late]))
        : h("p", {}, t("monthly.overdue.none"))),
    data.lit.length ? h("section", {}, h("h2", {}, t("monthly.lit")),
      h("ul", { class: "lit-list" }, data.lit.map((wish) => h("li", {}, h("strong", {}, wish.title), " — ", riderName(wish),
        wish.thanks ? h("blockquote", { class: "thanks" }, wish.thanks) : null)))) : null,
    data.pairs.length ? h("section", { class: "pairs-section" }, h("h2", {}, t("monthly.pairs")),
      h("ul", { class: "pairs" }, data.pairs.map((pair) => h("li", {},
        h("figure", {}, h("img", { src: pair.before_url, alt: t("monthly.before") }), h("figcaption", {}, t("monthly.before"))),
        h("figure", {}, h("img", { src: pair.after_url, alt: t("monthly.after") }), h("figcaption", {}, t("monthly.after"))),
        h("p", { class: "meta" }, `#${pair.id} · ${pair.category} · ${pair.place}`))))) : null,
    h("footer", { class: "meta" }, t("monthly.definitions")));
}
