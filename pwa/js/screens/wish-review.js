// Wishes waiting for review at the caller's places: publish on the wall or reject with a reason.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, localOf, t } from "../i18n.js";
import { render } from "../router.js";
import { emptyState, errorMessage, linkButton, loaded, screen } from "../ui.js";
import { riderName } from "../wishes-ui.js";

const STATUSES = ["submitted", "published", "claimed", "fulfilled"];

export default async function wishReview({ query }) {
  const status = STATUSES.includes(query.get("status")) ? query.get("status") : "submitted";
  const [[page, places], failed] = await loaded(t("home.wishreview"), () => Promise.all([
    api("/wishes", { params: { status, cursor: query.get("cursor") } }), api("/places", { params: { limit: 100 } })]));
  if (failed) return failed;
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
      h("p", { class: "meta" }, riderName(wish), " · ", localOf(wish, "place_name")), wish.description ? h("p", {}, wish.description) : null,
      status === "submitted" ? h("div", { class: "actions" },
        h("button", { type: "button", onclick: act("publish") }, t("wish.publish")), reason,
        h("button", { type: "button", class: "secondary", onclick: () => act("reject", { note: reason.value })() }, t("wish.reject"))) : null,
      problem);
  });
  return screen(t("home.wishreview"),
    h("nav", { class: "chips" }, STATUSES.map((s) => h("a", { class: s === status ? "chip chosen" : "chip", href: `/wishes/review?status=${s}`,
      "data-link": true }, t(`wish.status.${s}`)))),
    rows.length ? h("ul", { class: "people", id: "wish-queue" }, rows) : emptyState(t("wish.queue_empty"), ["/posters", "report.empty.posters"]),
    page.next_cursor ? linkButton(`/wishes/review?status=${status}&cursor=${page.next_cursor}`, t("action.more"), { secondary: true }) : null,
    linkButton("/wishes/stats", t("home.wishstats"), { secondary: true }),
    // At a talk session: write a rider's wish down for one of the caller's places.
    places.items.length ? h("details", { class: "card notice", id: "record-wish" },
      h("summary", {}, t("wish.record")),
      h("ul", { class: "people" }, places.items.filter((p) => p.place.is_active && p.code).map((p) =>
        h("li", {}, h("a", { href: `/q/${p.code}/wish`, "data-link": true, class: "button secondary" }, localName(p.place)))))) : null);
}
