// One wish: what the wall shows, the claim form for anyone, and — for its rider and the
// staff of its place — who claimed it, the history and what they may do now.
import { api } from "../api.js";
import { field, h, showProblem } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { when } from "../reports-ui.js";
import { photoButton } from "../viewer.js";
import { formError, keepLinkButtons, linkButton, loaded, phoneLink, screen, select } from "../ui.js";
import { wishCard, wishStatusTag } from "../wishes-ui.js";
import { CLAIMER_KINDS } from "../vocabulary.js";
import { submitting } from "../forms.js";

function claimForm(wish) {
  const me = account();
  const form = h("form", { class: "card", id: "claim-form", novalidate: true },
    h("h2", {}, t("wish.claim")),
    h("p", {}, t("claim.intro")),
    field(t("claim.name"), h("input", { name: "name", required: true, maxlength: 50, autocomplete: "name", value: me?.name || "" })),
    field(t("claim.phone"), h("input", { name: "phone", type: "tel", inputmode: "tel", required: true, maxlength: 20, autocomplete: "tel",
      value: me?.phone || "" })),
    field(t("claim.kind"), select("kind", CLAIMER_KINDS.map((k) => [k, t(`claim.kind.${k}`)]))),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "consent" }), h("span", {}, t("claim.consent"))),
    h("span", { class: "field-error", role: "alert", hidden: true, dataset: { for: "consent" } }),
    formError(), h("button", { type: "submit", class: "big" }, t("claim.submit")));
  submitting(form, (data) => api(`/wishes/${wish.id}/claims`, { method: "POST", body: {
    name: data.get("name").trim(), phone: data.get("phone").trim(), kind: data.get("kind"), consent: data.get("consent") === "on" } }),
  { then: (created) => {
    const path = new URL(created.link).pathname;
    form.replaceWith(h("section", { class: "card sent", id: "claimed" },
      h("p", { class: "ok" }, t("claim.done")),
      h("p", {}, t("claim.keep_link")),
      h("p", { class: "private-link", dir: "ltr" }, h("a", { href: path, "data-link": true, id: "private-link" }, created.link)),
      keepLinkButtons(created.link, wish.title, "yizhan-claim.txt"), linkButton(path, t("claim.open"))));
  } });
  return form;
}

function actionButton(label, run, { secondary = false } = {}) {
  const button = h("button", { type: "button", class: secondary ? "secondary" : "" }, label);
  button.addEventListener("click", run);
  return button;
}

function staffActions(detail) {
  const wish = detail.wish;
  const note = h("input", { name: "note", maxlength: 500 });
  const thanks = h("input", { name: "thanks", maxlength: 200 });
  const form = h("form", { class: "inline-form", novalidate: true });
  const act = (path, body) => async () => {
    try { await api(`/wishes/${wish.id}/${path}`, { method: "POST", body }); await render(); } catch (error) { showProblem(form, error); }
  };
  const can = new Set(detail.can);
  if (can.has("publish")) form.append(actionButton(t("wish.publish"), act("review/publish")));
  if (can.has("reject") || can.has("fulfil")) form.append(field(t("wish.note"), note));
  if (can.has("reject")) form.append(actionButton(t("wish.reject"), () => act("review/reject", { note: note.value })(), { secondary: true }));
  if (can.has("fulfil")) form.append(actionButton(t("wish.fulfil"), () => act("fulfil", { note: note.value })()));
  if (can.has("thank")) form.append(field(t("wish.thanks"), thanks),
    actionButton(t("wish.thank"), () => act("thank", { thanks: thanks.value })()));
  if (can.has("withdraw")) form.append(actionButton(t("wish.withdraw"), () => confirm(t("wish.withdraw_confirm")) && act("withdraw")(), { secondary: true }));
  form.append(formError());
  return form.children.length > 1 ? h("section", { class: "card", id: "wish-actions" }, form) : null;
}

export default async function wishDetail({ params }) {
  const [detail, failed] = await loaded(t("wall.title"), () => api(`/wishes/${encodeURIComponent(params.id)}`));
  if (failed) return failed;
  const wish = detail.wish;
  const claim = detail.claim;
  return screen(wish.title,
    h("p", {}, wishStatusTag(wish.status)),
    h("ul", { class: "wishes" }, wishCard(wish, { link: false })),
    detail.reject_reason ? h("p", { class: "notice-strong" }, t("wish.rejected_because"), " ", detail.reject_reason) : null,
    claim ? h("section", { class: "card", id: "claimer" }, h("h2", {}, t("claim.who")),
      h("dl", { class: "facts" },
        h("dt", {}, t("claim.name")), h("dd", {}, claim.name),
        h("dt", {}, t("claim.phone")), h("dd", {}, phoneLink(claim.phone)),
        h("dt", {}, t("claim.kind")), h("dd", {}, t(`claim.kind.${claim.kind}`)),
        h("dt", {}, t("claim.state")), h("dd", {}, t(`claim.status.${claim.status}`)),
        claim.note ? h("dt", {}, t("wish.note")) : null, claim.note ? h("dd", {}, claim.note) : null),
      claim.photo_url ? photoButton([{ url: claim.photo_url, label: t("claim.photo") }], 0, claim.photo_url, { class: "wish-photo" }) : null) : null,
    staffActions(detail),
    detail.can.includes("claim") ? claimForm(wish) : null,
    detail.events.length ? h("section", { class: "card" }, h("h2", {}, t("report.history")),
      h("ol", { class: "timeline" }, detail.events.map((e) => h("li", {},
        h("strong", {}, t(`wish.action.${e.action}`)), ` · ${e.actor} · ${when(e.at)}`, e.note ? h("p", {}, e.note) : null)))) : null);
}
