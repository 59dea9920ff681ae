// The triage queue: community workers their community's reports, property staff what is
// assigned to them, station heads their riders' reports. Counts on every filter, sorted
// newest, oldest or by deadline; each row with its photo and its clock.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { navigate, render } from "../router.js";
import { reportRow } from "../reports-ui.js";
import { account } from "../session.js";
import { emptyState, errorCard, loaded, screen, select } from "../ui.js";
import { MANAGERS, OPEN_STATUSES } from "../vocabulary.js";

const FILTERS = [["", "report.filter.open", (c) => c.open], ["submitted", "report.status.submitted", (c) => c.by_status.submitted],
  ["assigned", "report.status.assigned", (c) => c.by_status.assigned], ["returned", "report.status.returned", (c) => c.by_status.returned],
  ["resolved", "report.status.resolved", (c) => c.by_status.resolved], ["overdue", "report.overdue", (c) => c.overdue],
  ["all", "report.filter.all", (c) => Object.values(c.by_status).reduce((a, b) => a + b, 0)]];
const SORTS = ["newest", "oldest", "deadline"];

function address(filter, sort) {
  const params = new URLSearchParams();
  if (filter) params.set("filter", filter);
  if (sort !== "newest") params.set("sort", sort);
  return `/reports${params.size ? `?${params}` : ""}`;
}

// Nothing here: see everything, or (nothing at all) print posters so that reports come.
function nothingHere(filter, sort) {
  if (filter !== "all") return emptyState(t("report.none"), [address("all", sort), "report.empty.see_all"]);
  const manages = MANAGERS.includes(account()?.role);
  return emptyState(t("report.none"), manages ? ["/posters", "report.empty.posters"] : null);
}

export default async function queue({ query }) {
  const filter = query.get("filter") || "";
  const sort = SORTS.includes(query.get("sort")) ? query.get("sort") : "newest";
  const params = new URLSearchParams();
  if (filter === "") OPEN_STATUSES.forEach((s) => params.append("status", s));
  else if (filter === "overdue") params.set("overdue", "true");
  else if (filter !== "all") params.set("status", filter);
  if (sort !== "newest") params.set("sort", sort);
  const [[page, counts], failed] = await loaded(t("home.queue"), () => Promise.all([api(`/reports?${params}`), api("/reports/counts")]));
  if (failed) return failed;
  const chips = h("nav", { class: "chips", "aria-label": t("report.filter") }, FILTERS.map(([value, key, count]) =>
    h("a", { class: value === filter ? "chip active" : "chip", href: address(value, sort), "data-link": true,
      "aria-current": value === filter ? "page" : null, dataset: { filter: value || "open" } },
    t(key), " ", h("bdi", { class: `chip-count${value === "overdue" && counts.overdue ? " warn" : ""}` }, String(count(counts) ?? 0)))));
  const order = select("sort", SORTS.map((s) => [s, t(`report.sort.${s}`)]), { value: sort });
  order.id = "queue-sort";
  order.addEventListener("change", () => navigate(address(filter, order.value)));
  const refresh = h("button", { type: "button", class: "secondary small", id: "queue-refresh" }, t("report.refresh"));
  refresh.addEventListener("click", () => render());
  const list = h("ul", { class: "people", id: "queue-list" }, page.items.map(reportRow));
  const more = h("button", { type: "button", class: "secondary", hidden: !page.next_cursor }, t("people.more"));
  let cursor = page.next_cursor;
  more.addEventListener("click", async () => {
    params.set("cursor", cursor);
    const next = await api(`/reports?${params}`).catch((error) => { list.after(errorCard(error)); return null; });
    if (!next) return;
    list.append(...next.items.map(reportRow));
    cursor = next.next_cursor;
    more.hidden = !cursor;
  });
  window.setTimeout(() => { if (location.pathname === "/reports" && !document.hidden) render(); }, 60_000);
  return screen(t("home.queue"), chips,
    h("div", { class: "queue-tools" }, h("label", { class: "field inline" }, h("span", {}, t("report.sort")), order), refresh),
    page.items.length ? list : nothingHere(filter, sort), more);
}
