// Pieces shared by the report screens.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { photoButton } from "./viewer.js";
import { OPEN_STATUSES } from "./vocabulary.js";

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

const HOUR = 3600_000;

// "3 days", "2 h 15 min", "40 min": how long ago, or how long is left.
export function span(ms) {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return t("time.minutes", { n: minutes });
  if (minutes < 48 * 60) return t("time.hours_minutes", { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t("time.days", { n: Math.floor(minutes / 1440) });
}

// The clock of an open report: time left, amber within two hours, red once past.
export function deadlineTag(report, at = Date.now()) {
  if (!report.deadline_at || !OPEN_STATUSES.includes(report.status)) return null;
  const left = new Date(report.deadline_at).getTime() - at;
  if (report.overdue || left <= 0) return h("span", { class: "tag warn countdown" }, t("report.overdue_by", { time: span(-left) }));
  return h("span", { class: left < 2 * HOUR ? "tag soon countdown" : "tag countdown" }, t("report.due_in", { time: span(left) }));
}

export function reportRow(report) {
  const thumb = report.thumb_url
    ? h("img", { class: "row-thumb", src: report.thumb_url, alt: "", loading: "lazy", width: 64, height: 64 })
    : h("span", { class: "row-thumb empty", "aria-hidden": "true" }, "📷");
  return h("li", { class: "person report-row", dataset: { id: report.id } }, thumb,
    h("div", { class: "row-body" },
      h("div", { class: "node-head" },
        h("a", { href: `/reports/${report.id}`, "data-link": true }, `#${report.id} ${report.place_name}`)),
      h("p", { class: "row-tags" }, statusTag(report), deadlineTag(report),
        h("span", { class: "tag" }, t(`report.category.${report.category}`))),
      h("p", { class: "meta" }, t("report.age", { time: span(Date.now() - new Date(report.created_at).getTime()) }),
        report.description ? ` · ${report.description.slice(0, 60)}` : "")));
}

// Once fixed, the first photo sent and the last "after" photo side by side.
export function beforeAfter(report, viewed) {
  const before = report.photos.findIndex((p) => p.stage === "before");
  const after = report.photos.map((p) => p.stage).lastIndexOf("after");
  if (before < 0 || after < 0) return null;
  return h("section", { class: "card before-after", id: "before-after" }, h("h2", {}, t("report.before_after")),
    h("div", { class: "pair" }, [before, after].map((i) => h("figure", {},
      photoButton(viewed, i, report.photos[i].url), h("figcaption", {}, viewed[i].label)))));
}

// What happened to a report, step by step, with the notes (the community's replies).
export function history(report) {
  return h("section", { class: "card", id: "history" }, h("h2", {}, t("report.history")), h("ol", { class: "timeline" },
    report.events.map((e) => h("li", {}, h("strong", {}, t(`report.event.${e.action}`)), " ",
      h("span", { class: "meta" }, when(e.at), e.actor ? ` · ${e.actor}` : ""), e.note ? h("p", {}, e.note) : null))));
}
