// Messages to work groups and SMS that failed or are waiting, with the last answer, and
// "retry now".
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { loaded, screen } from "../ui.js";

const FILTERS = ["failed", "pending", "sent"];

function row(d) {
  const retry = h("button", { type: "button", class: "small secondary" }, t("deliveries.retry"));
  retry.addEventListener("click", async () => {
    await api(`/notifications/deliveries/${d.id}/retry`, { method: "POST" }).catch(() => {});
    await render();
  });
  const when = new Date(d.next_attempt_at).toLocaleString(undefined, { timeZone: "Asia/Shanghai",
    dateStyle: "short", timeStyle: "short" });
  return h("li", { class: "person", dataset: { delivery: d.id } },
    h("div", { class: "node-head" }, h("strong", {}, t(`notifications.kind.${d.kind}`)),
      h("span", { class: "tag" }, t(`deliveries.channel.${d.channel}`)),
      h("span", { class: d.status === "failed" ? "tag warn" : "tag" }, t(`deliveries.status.${d.status}`))),
    h("p", {}, t("deliveries.attempts", { n: d.attempts }), d.status === "pending" ? ` · ${when}` : ""),
    d.last_error ? h("p", { class: "muted", dir: "ltr" }, d.last_error) : null,
    d.status === "sent" ? null : h("div", { class: "actions" }, retry));
}

export default async function deliveries({ query }) {
  const status = FILTERS.includes(query.get("status")) ? query.get("status") : "failed";
  const [page, failed] = await loaded(t("home.deliveries"), () => api("/notifications/deliveries", { params: { status } }));
  if (failed) return failed;
  const chips = h("nav", { class: "chips" }, FILTERS.map((value) => h("a", {
    class: value === status ? "chip active" : "chip", href: `/admin/deliveries?status=${value}`, "data-link": true,
  }, t(`deliveries.status.${value}`))));
  return screen(t("home.deliveries"), chips,
    page.items.length ? h("ul", { class: "people" }, page.items.map(row)) : h("p", {}, t("deliveries.none")));
}
