// The triage queue: community workers their community's reports, property staff what is
// assigned to them, station heads their riders' reports.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { reportRow } from "../reports-ui.js";
import { queueSummary } from "../queue-counts.js";
import { errorCard, screen } from "../ui.js";

const FILTERS = [["", "report.filter.open"], ["submitted", "report.status.submitted"], ["assigned", "report.status.assigned"],
  ["returned", "report.status.returned"], ["resolved", "report.status.resolved"], ["overdue", "report.overdue"],
  ["all", "report.filter.all"]];
const OPEN = ["submitted", "verified", "assigned", "reopened", "returned"];

export default async function queue({ query }) {
  const filter = query.get("filter") || "";
  const params = new URLSearchParams();
  if (filter === "") OPEN.forEach((s) => params.append("status", s));
  else if (filter === "overdue") params.set("overdue", "true");
  else if (filter !== "all") params.set("status", filter);
  let page;
  try { page = await api(`/reports?${params}`); } catch (error) { return screen(t("home.queue"), errorCard(error)); }
  const chips = h("nav", { class: "chips", "aria-label": t("report.filter") }, FILTERS.map(([value, key]) =>
    h("a", { class: value === filter ? "chip active" : "chip", href: value ? `/reports?filter=${value}` : "/reports",
      "data-link": true }, t(key))));
  const list = h("ul", { class: "people" }, page.items.map(reportRow));
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
  return screen(t("home.queue"), queueSummary(), chips, page.items.length ? list : h("p", {}, t("report.none")), more);
}
