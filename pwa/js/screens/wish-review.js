// Wishes waiting for review at the caller's places: publish on the wall or reject with a reason.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { errorCard, errorMessage, linkButton, screen } from "../ui.js";

const STATUSES = ["submitted", "published", "claimed", "fulfilled"];

export default async function wishReview({ query }) {
  const status = STATUSES.includes(query.get("status")) ? query.get("status") : "submitted";
  let page;
  try { page = await api("/wishes", { params: { status, cursor: query.get("cursor") } }); }
  catch (error) { return screen(t("home.wishreview"), errorCard(error)); }
  const rows = page.items.map((wish) => {
    const problem = h("p", { class: "form-error", role: "alert", hidden: true });
    const reason = h("input", { name: "note", maxlength: 200, "aria-label": t("wish.reject_reason") , placeholder: t("wish.reject_reason") });
    const act = (action, body) => async () => {
      try { await api(`/wishes/${wish.id}/review/${action}`, { method: "POST", body }); await render(); }
      catch (error) { problem.textContent = errorMessage(error); problem.hidden = false; }
    };
    return h("li", { class: "person", dataset: { id: wish.id } },
      h("div", { class: "node-head" }, h("a", { href: `/wishes/${wish.id}`, "data-link": true }, wish.title),
        h("span", { class: "tag" }, t(`wish.category.${wish.category}`))),
      h("p", { class: "meta" }, wish.rider, " · ", wish.place_name), wish.description ? h("p", {}, wish.description) : null,
      status === "submitted" ? h("div", { class: "actions" },
        h("button", { type: "button", onclick: act("publish") }, t("wish.publish")), reason,
        h("button", { type: "button", class: "secondary", onclick: () => act("reject", { note: reason.value })() }, t("wish.reject"))) : null,
      problem);
  });
  return screen(t("home.wishreview"),
    h("nav", { class: "chips" }, STATUSES.map((s) => h("a", { class: s === status ? "chip chosen" : "chip", href: `/wishes/review?status=${s}`,
      "data-link": true }, t(`wish.status.${s}`)))),
    rows.length ? h("ul", { class: "people", id: "wish-queue" }, rows) : h("p", {}, t("wish.queue_empty")),
    page.next_cursor ? linkButton(`/wishes/review?status=${status}&cursor=${page.next_cursor}`, t("action.more"), { secondary: true }) : null,
    linkButton("/wishes/stats", t("home.wishstats"), { secondary: true }));
}
