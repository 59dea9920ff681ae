// The community's help at home (/help): register the people riders may help (with their
// consent), approve residents who asked, post a request, follow and confirm them.
import { api } from "../api.js";
import { beijingLabel, fromBeijingInput } from "../beijing.js";
import { field, h, showProblem } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { errorCard, formError, linkButton, screen, select } from "../ui.js";
import { BENEFICIARY_KINDS, HELP_KINDS, helpCard } from "../volunteer-ui.js";

function registerForm() {
  const form = h("form", { class: "card", id: "beneficiary-form", novalidate: true },
    h("h2", {}, t("beneficiary.register")),
    field(t("help.name"), h("input", { name: "name", required: true, maxlength: 50 })),
    field(t("help.address"), h("input", { name: "address", required: true, maxlength: 200 })),
    field(t("help.phone"), h("input", { name: "phone", required: true, inputmode: "tel" })),
    field(t("beneficiary.kind"), select("kind", BENEFICIARY_KINDS.map((k) => [k, t(`beneficiary.kind.${k}`)]))),
    field(t("beneficiary.notes"), h("input", { name: "notes", maxlength: 300 })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "consent" }), t("beneficiary.consent")),
    h("span", { class: "field-error", role: "alert", hidden: true, dataset: { for: "consent" } }),
    formError(), h("button", { type: "submit" }, t("beneficiary.register")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { ...Object.fromEntries(new FormData(form)), consent: form.consent.checked };
    try { await api("/beneficiaries", { method: "POST", body }); await render(); } catch (error) { showProblem(form, error); }
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
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const body = { beneficiary_id: person.id, ...data, window_from: fromBeijingInput(data.window_from),
      window_until: fromBeijingInput(data.window_until) };
    try { await api("/help-requests", { method: "POST", body }); await render(); } catch (error) { showProblem(form, error); }
  });
  return form;
}

function personCard(person) {
  const decide = (action) => async () => { await api(`/beneficiaries/${person.id}/${action}`, { method: "POST" }); await render(); };
  return h("li", { class: "person", dataset: { beneficiary: person.id, status: person.status } },
    h("p", {}, h("strong", {}, person.name), ` · ${t(`beneficiary.kind.${person.kind}`)} · ${person.address} · ${person.phone}`),
    person.status === "pending" ? h("div", { class: "actions" },
      h("button", { type: "button", onclick: decide("approve") }, t("beneficiary.approve")),
      h("button", { type: "button", class: "secondary", onclick: decide("reject") }, t("beneficiary.reject"))) : null,
    person.status === "approved" ? h("details", {}, h("summary", {}, t("help.ask")), requestForm(person)) : null);
}

export default async function helpManage() {
  let people, requests;
  try { [people, requests] = await Promise.all([api("/beneficiaries"), api("/help-requests")]); }
  catch (error) { return screen(t("home.help"), errorCard(error)); }
  return screen(t("home.help"),
    h("section", {}, h("h2", {}, t("help.requests")), requests.length ? h("ul", { class: "wishes", id: "help-requests" },
      requests.map((x) => helpCard(x, linkButton(`/help/${x.id}`, t("help.open"), { secondary: true })))) : h("p", {}, t("help.none"))),
    h("section", {}, h("h2", {}, t("beneficiary.list")), h("ul", { class: "people", id: "beneficiaries" }, people.map(personCard))),
    registerForm());
}
