// The community's help at home (/help): register the people riders may help (with their
// consent), approve residents who asked, post a request, follow and confirm them.
import { api } from "../api.js";
import { beijingLabel, fromBeijingInput } from "../beijing.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { formError, linkButton, loaded, screen, select } from "../ui.js";
import { helpCard } from "../volunteer-ui.js";
import { BENEFICIARY_KINDS, HELP_KINDS } from "../vocabulary.js";
import { submitting } from "../forms.js";

function registerForm() {
  const form = h("form", { class: "card", id: "beneficiary-form", novalidate: true },
    h("h2", {}, t("beneficiary.register")),
    field(t("help.name"), h("input", { name: "name", required: true, maxlength: 50 })),
    field(t("help.address"), h("input", { name: "address", required: true, maxlength: 200 })),
    field(t("help.phone"), h("input", { name: "phone", inputmode: "tel", maxlength: 20, "aria-describedby": "phone-hint" })),
    h("p", { class: "meta", id: "phone-hint" }, t("help.phone_hint")),
    field(t("help.phone_note"), h("input", { name: "phone_note", maxlength: 30 })),
    field(t("beneficiary.kind"), select("kind", BENEFICIARY_KINDS.map((k) => [k, t(`beneficiary.kind.${k}`)]))),
    field(t("beneficiary.notes"), h("input", { name: "notes", maxlength: 300 })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "consent" }), t("beneficiary.consent")),
    h("span", { class: "field-error", role: "alert", hidden: true, dataset: { for: "consent" } }),
    formError(), h("button", { type: "submit" }, t("beneficiary.register")));
  submitting(form, async () => {
    const body = { ...Object.fromEntries(new FormData(form)), consent: form.consent.checked };
    await api("/beneficiaries", { method: "POST", body });
  });
  return form;
}

function requestForm(person) {
  const form = h("form", { class: "inline-form", dataset: { ask: person.id } },
    field(t("help.kind"), select("kind", HELP_KINDS.map((k) => [k, t(`help.kind.${k}`)]))),
    field(t("help.from"), h("input", { name: "from_place", maxlength: 100 })),
    field(t("help.to"), h("input", { name: "to_place", maxlength: 100 })),
    field(beijingLabel(t("help.window_from")), h("input", { type: "datetime-local", name: "window_from" })),
    field(beijingLabel(t("help.window_until")), h("input", { type: "datetime-local", name: "window_until" })),
    field(t("beneficiary.notes"), h("input", { name: "notes", maxlength: 300 })),
    formError(), h("button", { type: "submit" }, t("help.ask")));
  submitting(form, async () => {
    const data = Object.fromEntries(new FormData(form));
    const body = { beneficiary_id: person.id, ...data, window_from: fromBeijingInput(data.window_from),
      window_until: fromBeijingInput(data.window_until) };
    await api("/help-requests", { method: "POST", body });
  });
  return form;
}

function personCard(person) {
  const decide = (action) => async () => { await api(`/beneficiaries/${person.id}/${action}`, { method: "POST" }); await render(); };
  return h("li", { class: "person", dataset: { beneficiary: person.id, status: person.status } },
    h("p", {}, h("strong", {}, person.name), ` · ${t(`beneficiary.kind.${person.kind}`)} · ${person.address} · ${person.phone || t("help.no_phone")}${person.phone_note ? ` (${person.phone_note})` : ""}`),
    person.status === "pending" ? h("div", { class: "actions" },
      h("button", { type: "button", onclick: decide("approve") }, t("beneficiary.approve")),
      h("button", { type: "button", class: "secondary", onclick: decide("reject") }, t("beneficiary.reject"))) : null,
    person.status === "approved" ? h("details", {}, h("summary", {}, t("help.ask")), requestForm(person)) : null);
}

export default async function helpManage() {
  const [[people, requests], failed] = await loaded(t("home.help"), () => Promise.all([api("/beneficiaries"), api("/help-requests")]));
  if (failed) return failed;
  return screen(t("home.help"),
    h("section", {}, h("h2", {}, t("help.requests")), requests.length ? h("ul", { class: "wishes", id: "help-requests" },
      requests.map((x) => helpCard(x, linkButton(`/help/${x.id}`, t("help.open"), { secondary: true })))) : h("p", {}, t("help.none"))),
    h("section", {}, h("h2", {}, t("beneficiary.list")), h("ul", { class: "people", id: "beneficiaries" }, people.map(personCard))),
    registerForm());
}
