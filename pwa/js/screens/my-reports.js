// My reports, my points, and what changed since I last looked.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { reportRow } from "../reports-ui.js";
import { emptyState, loaded, screen } from "../ui.js";

export default async function myReports() {
  const [[page, wallet, news], failed] = await loaded(t("home.myreports"),
    () => Promise.all([api("/reports/mine"), api("/points/me"), api("/notifications")]));
  if (failed) return failed;
  const unread = news.filter((n) => !n.read && n.object_type === "report");
  if (unread.length) api("/notifications/read", { method: "POST", params: { object_type: "report" } }).catch(() => {});
  return screen(t("home.myreports"),
    h("p", { class: "points" }, t("points.balance"), " ", h("strong", { id: "points-balance" }, String(wallet.balance))),
    unread.length ? h("p", { class: "notice-strong", role: "status" }, t("report.news", { n: unread.length })) : null,
    page.items.length ? h("ul", { class: "people" }, page.items.map(reportRow)) : emptyState(t("report.none_mine"), ["/code", "empty.report_now"]));
}
