// The dashboard (/dashboard): the figures of one's scope for a period — headline numbers
// against the period before, reports per week by status, the share handled within 24 hours
// per community, categories, wishes by kind, a map of the places — with the monthly report
// and the spreadsheets one click away. The period and scope live in the URL.
import { api } from "../api.js";
import { bars, clusters, placeMap, stackedColumns } from "../charts.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { account } from "../session.js";
import { loaded, screen, select } from "../ui.js";
import { PLATFORMS } from "../vocabulary.js";

const beijingDay = (date = new Date()) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(date);
const pad = (n) => String(n).padStart(2, "0");
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m: 1–12

// this_month, last_month, this_year, or custom (from/to in the URL).
export function periodOf(choice, query) {
  const today = beijingDay();
  const [y, m] = today.split("-").map(Number);
  if (choice === "last_month") {
    const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
    return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(lastDay(py, pm))}` };
  }
  if (choice === "this_year") return { from: `${y}-01-01`, to: today };
  if (choice === "custom" && query.get("from") && query.get("to")) return { from: query.get("from"), to: query.get("to") };
  return { from: `${y}-${pad(m)}-01`, to: today };
}

const STATUS_SERIES = [
  { key: ["submitted", "verified", "assigned", "reopened", "returned"], label: "dashboard.series.open", color: "#e0a800" },
  { key: ["resolved", "closed"], label: "dashboard.series.done", color: "#2e7d32" },
  { key: ["rejected", "duplicate"], label: "dashboard.series.refused", color: "#9e9e9e" },
];
const WISH_SERIES = [
  { key: "collected", color: "#90a4ae" }, { key: "claimed", color: "#42a5f5" },
  { key: "fulfilled", color: "#2e7d32" }, { key: "lit", color: "#e0a800" },
];

function percent(share) { return share === null || share === undefined ? "—" : `${Math.round(share * 1000) / 10}%`; }

function change(now, before, { share = false } = {}) {
  if (now === null || before === null || now === undefined || before === undefined) return null;
  const diff = now - before;
  const text = share ? `${diff >= 0 ? "+" : ""}${Math.round(diff * 1000) / 10} pt`
    : `${diff >= 0 ? "+" : ""}${diff}${before ? ` (${diff >= 0 ? "+" : ""}${Math.round((diff / before) * 100)}%)` : ""}`;
  return h("span", { class: diff > 0 ? "delta up" : diff < 0 ? "delta down" : "delta" }, text);
}

function headline(body) {
  const now = body.totals, before = body.previous?.totals;
  const pick = (figures, path) => path.reduce((value, key) => (value === null || value === undefined ? null : value[key]), figures);
  const items = [
    ["dashboard.received", ["reports", "received"]], ["dashboard.leads", ["reports", "leads"]],
    ["dashboard.within_24h", ["reports", "within_24h_share"], true], ["dashboard.fixed", ["reports", "fixed"]],
    ["dashboard.overdue", ["reports", "overdue_now"]], ["dashboard.wishes_lit", ["wishes", "lit"]],
    ["dashboard.riders_active", ["riders_active"]], ["dashboard.points", ["points", "awarded"]],
  ].filter(([, path]) => pick(now, path) !== null && pick(now, path) !== undefined || path[1] === "within_24h_share");
  return h("ul", { class: "headline", id: "headline" }, items.map(([key, path, share]) => {
    const value = pick(now, path);
    return h("li", { dataset: { figure: path.join(".") } }, h("span", { class: "figure" }, share ? percent(value) : (value ?? "—")),
      h("span", { class: "figure-label" }, t(key)),
      before ? change(value, pick(before, path), { share }) : null);
  }));
}

function controls(choice, period, scope, communities) {
  const form = h("form", { class: "toolbar wrap", id: "period-form" },
    h("label", { class: "field" }, h("span", {}, t("dashboard.period")),
      select("period", ["this_month", "last_month", "this_year", "custom"].map((p) => [p, t(`dashboard.period.${p}`)]), { value: choice })),
    h("label", { class: "field custom" }, h("span", {}, t("dashboard.from")), h("input", { type: "date", name: "from", value: period.from })),
    h("label", { class: "field custom" }, h("span", {}, t("dashboard.to")), h("input", { type: "date", name: "to", value: period.to })),
    communities.length > 1 || account().role === "admin"
      ? h("label", { class: "field" }, h("span", {}, t("dashboard.scope")),
        select("scope", [["", t("dashboard.scope.mine")], ...communities, ...(account().role === "admin" || account().role === "community_worker"
          ? PLATFORMS.map((p) => [`platform:${p}`, t(`platform.${p}`)]) : [])], { value: scope })) : null,
    h("button", { type: "submit" }, t("dashboard.show")));
  const toggle = () => { for (const el of form.querySelectorAll(".custom")) el.hidden = form.period.value !== "custom"; };
  form.period.addEventListener("change", toggle);
  toggle();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams({ period: form.period.value });
    if (form.period.value === "custom") { next.set("from", form.from.value); next.set("to", form.to.value); }
    if (form.scope?.value) next.set("scope", form.scope.value);
    navigate(`/dashboard?${next}`);
  });
  return form;
}

function downloads(period, scope) {
  const params = new URLSearchParams({ ...period, ...(scope ? { scope } : {}) });
  const sets = account().role === "property_staff" ? ["reports", "figures"] : ["reports", "wishes", "redemptions", "ledger", "figures"];
  const month = period.to.slice(0, 7);
  return h("section", { class: "card no-print" }, h("h2", {}, t("dashboard.documents")),
    h("div", { class: "actions" },
      h("a", { class: "button", href: `/dashboard/report?${new URLSearchParams({ month, ...(scope ? { scope } : {}) })}`, "data-link": true,
        id: "monthly-link" }, t("dashboard.monthly", { month })),
      sets.map((set) => h("a", { class: "button secondary", href: `/api/v1/exports/${set}.xlsx?${params}`, download: true,
        dataset: { export: set } }, `${t(`dashboard.export.${set}`)} · XLSX`)),
      h("a", { class: "button secondary", href: `/api/v1/exports/reports.csv?${params}`, download: true }, `${t("dashboard.export.reports")} · CSV`)));
}

function card(titleKey, ...children) {
  return h("section", { class: "card chart-card" }, h("h2", {}, t(titleKey)), ...children);
}

export default async function dashboard({ query }) {
  const choice = query.get("period") || "this_month";
  const period = periodOf(choice, query);
  const scope = query.get("scope") || "";
  const base = { ...period, ...(scope ? { scope } : {}) };
  const [[body, weeks, byCommunity, byCategory, places], failed] = await loaded(t("dashboard.title"), () => Promise.all([
    api("/stats", { params: { ...base, compare: "true" } }),
    api("/stats", { params: { ...base, group_by: "week" } }),
    api("/stats", { params: { ...base, group_by: "community" } }),
    api("/stats", { params: { ...base, group_by: "category" } }),
    api("/stats/places", { params: base }),
  ]), controls(choice, period, scope, []));
  if (failed) return failed;
  const communities = byCommunity.groups.filter((g) => g.key).map((g) => [g.key.split("/").filter(Boolean).pop(), g.label]);
  const reportsOf = (groups) => groups.filter((g) => g.figures.reports);
  const weekRows = weeks.groups.map((g) => ({
    key: g.key, label: g.key.slice(5),
    values: STATUS_SERIES.map((serie) => serie.key.reduce((sum, status) => sum + (g.figures.reports?.by_status[status] ?? 0), 0)),
  }));
  const shareRows = reportsOf(byCommunity.groups).filter((g) => g.key && g.figures.reports.leads)
    .map((g) => ({ key: g.key, label: g.label, value: g.figures.reports.within_24h_share ?? 0,
      text: `${percent(g.figures.reports.within_24h_share)} (${g.figures.reports.within_24h}/${g.figures.reports.leads})` }));
  const categoryRows = reportsOf(byCategory.groups).filter((g) => g.figures.reports.received)
    .map((g) => ({ key: g.key, label: g.label, value: g.figures.reports.received }));
  const wishRows = byCategory.groups.filter((g) => g.key.startsWith("wish.") && g.figures.wishes)
    .map((g) => ({ key: g.key, label: g.label, values: WISH_SERIES.map((serie) => g.figures.wishes[serie.key]) }))
    .filter((row) => row.values.some((v) => v > 0));
  const scopeName = body.scope.name || (body.scope.platform ? t(`platform.${body.scope.platform}`) : t("dashboard.scope.all"));
  const view = screen(t("dashboard.title"),
    h("p", { class: "lead" }, `${scopeName} · ${period.from} – ${period.to}`),
    controls(choice, period, scope, communities),
    headline(body),
    body.previous ? h("p", { class: "meta" }, t("dashboard.compared", body.previous.period)) : null,
    card("dashboard.chart.weeks", stackedColumns("chart-weeks", t("dashboard.chart.weeks"), weekRows,
      STATUS_SERIES.map((serie) => ({ label: t(serie.label), color: serie.color })))),
    shareRows.length ? card("dashboard.chart.within", bars("chart-within", t("dashboard.chart.within"), shareRows, { max: 1, color: "#2e7d32" })) : null,
    categoryRows.length ? card("dashboard.chart.categories", bars("chart-categories", t("dashboard.chart.categories"), categoryRows)) : null,
    wishRows.length ? card("dashboard.chart.wishes", clusters("chart-wishes", t("dashboard.chart.wishes"), wishRows,
      WISH_SERIES.map((serie) => ({ label: t(`dashboard.wish.${serie.key}`), color: serie.color })))) : null,
    places.length ? card("dashboard.chart.map", placeMap("chart-map", t("dashboard.chart.map"), places),
      h("p", { class: "meta" }, t("dashboard.map.hint"))) : null,
    downloads(period, scope));
  view.classList.add("dashboard");
  return view;
}
