// One line with what a queue holds now: new, overdue, due within two hours (home and queue).
import { api } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

export function queueSummary() {
  const line = h("p", { class: "queue-counts", id: "queue-counts" });
  api("/reports/counts").then((c) => {
    line.replaceChildren(
      h("a", { href: "/reports?filter=submitted", "data-link": true }, t("queue.count.new", { n: c.new })), " · ",
      h("a", { href: "/reports?filter=overdue", "data-link": true, class: c.overdue ? "warn" : "" },
        t("queue.count.overdue", { n: c.overdue })), " · ",
      h("span", {}, t("queue.count.due_soon", { n: c.due_soon })));
  }).catch(() => line.remove());
  return line;
}
