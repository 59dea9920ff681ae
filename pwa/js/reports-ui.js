// Pieces shared by the report screens.
import { h } from "./dom.js";
import { t } from "./i18n.js";

export function statusTag(report) {
  return h("span", { class: `tag status-${report.status}` }, t(`report.status.${report.status}`));
}

export function overdueTag(report) {
  return report.overdue ? h("span", { class: "tag warn" }, t("report.overdue")) : null;
}

export function when(iso) {
  // Shown in Beijing time, the official time in Xinjiang.
  return new Date(iso).toLocaleString(document.documentElement.lang, { timeZone: "Asia/Shanghai",
    month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function reportRow(report) {
  return h("li", { class: "person", dataset: { id: report.id } },
    h("div", { class: "node-head" },
      h("a", { href: `/reports/${report.id}`, "data-link": true }, `#${report.id} ${report.place_name}`),
      statusTag(report), overdueTag(report)),
    h("p", { class: "meta" }, t(`report.category.${report.category}`), " · ", when(report.created_at),
      report.description ? ` · ${report.description.slice(0, 60)}` : ""));
}
