// The claimer's private page (the link is the key; no account needed): the wish, whom to
// call, "done" with a note or photo, or "I can't after all".
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { photoInputAttributes } from "../platform.js";
import { render } from "../router.js";
import { when } from "../reports-ui.js";
import { formError, loaded, phoneLink, screen } from "../ui.js";
import { wishCard } from "../wishes-ui.js";
import { shrink } from "./report.js";
import { submitting } from "../forms.js";

export default async function claimPage({ params }) {
  const token = encodeURIComponent(params.token);
  const [claim, failed] = await loaded(t("claim.title"), () => api(`/claims/${token}`));
  if (failed) return failed;
  const active = claim.status === "active";
  let form = null;
  if (active) {
    const photo = h("input", { ...photoInputAttributes(), name: "photo" });
    form = h("form", { class: "card", id: "fulfil-form", novalidate: true },
      h("h2", {}, t("claim.fulfil_title")),
      field(t("claim.fulfil_note"), h("textarea", { name: "note", maxlength: 500, rows: 2 })),
      field(t("claim.photo"), photo),
      formError(), h("button", { type: "submit", class: "big" }, t("claim.fulfil")));
    submitting(form, async () => {
      const data = new FormData(form);
      const upload = new FormData();
      upload.append("note", (data.get("note") || "").trim());
      if (photo.files.length) upload.append("photo", await shrink(photo.files[0]), "done.jpg");
      await api(`/claims/${token}/fulfil`, { method: "POST", file: upload });
    });
  }
  const giveUp = active ? h("button", { type: "button", class: "secondary", id: "give-up" }, t("claim.give_up")) : null;
  giveUp?.addEventListener("click", async () => {
    if (!confirm(t("claim.give_up_confirm"))) return;
    try { await api(`/claims/${token}/give-up`, { method: "POST" }); await render(); } catch (error) { /* shown on reload */ }
  });
  return screen(t("claim.title"),
    h("p", { class: active ? "notice-strong" : "ok", id: "claim-status" }, t(`claim.status.${claim.status}`),
      active ? ` · ${t("claim.until", { time: when(claim.expires_at) })}` : ""),
    claim.expires_soon ? h("p", { class: "notice-strong", id: "claim-ending", role: "status" }, t("claim.ending_soon")) : null,
    h("ul", { class: "wishes" }, wishCard(claim.wish, { link: false })),
    h("section", { class: "card" }, h("h2", {}, t("claim.contact")),
      h("p", {}, claim.wish.place_name, claim.place_address ? ` · ${claim.place_address}` : ""),
      claim.place_phone ? h("p", {}, t("place.phone"), " ",
        phoneLink(claim.place_phone)) : null,
      h("p", { class: "meta" }, t("claim.private"))),
    form, giveUp,
    h("a", { class: "button secondary", href: `/wishes/${claim.wish.id}`, "data-link": true }, t("claim.see_wish")),
    claim.note ? h("p", {}, t("wish.note"), " ", claim.note) : null);
}
