// A resident asks to be helped at home (/help/ask): once a worker approves him, requests
// can be made for him; here he also types the rider's code when the help is done.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { formError, linkButton, loaded, screen, select } from "../ui.js";
import { helpCard } from "../volunteer-ui.js";
import { BENEFICIARY_KINDS } from "../vocabulary.js";
import { submitting } from "../forms.js";

export default async function helpAsk() {
  const [mine, failed] = await loaded(t("home.help_ask"), () => api("/help-requests"));
  if (failed) return failed;
  const form = h("form", { class: "card", id: "ask-form", novalidate: true },
    field(t("help.address"), h("input", { name: "address", required: true, maxlength: 200 })),
    field(t("beneficiary.kind"), select("kind", BENEFICIARY_KINDS.map((k) => [k, t(`beneficiary.kind.${k}`)]))),
    field(t("beneficiary.notes"), h("input", { name: "notes", maxlength: 300 })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "consent" }), t("beneficiary.consent_self")),
    h("span", { class: "field-error", role: "alert", hidden: true, dataset: { for: "consent" } }),
    formError(), h("button", { type: "submit" }, t("help.ask_self")));
  submitting(form, async () => {
    const body = { ...Object.fromEntries(new FormData(form)), consent: form.consent.checked };
    await api("/beneficiaries/ask", { method: "POST", body });
    form.replaceWith(h("p", { class: "ok" }, t("help.asked")));
  }, { then: null });
  return screen(t("home.help_ask"), h("p", { class: "lead" }, t("help.ask_intro")), form,
    mine.length ? h("ul", { class: "wishes" }, mine.map((x) => helpCard(x, linkButton(`/help/${x.id}`, t("help.open"))))) : null);
}
