// The admin's points desk: points per good deed and monthly caps, adjustments with a
// reason, and the whole ledger as a spreadsheet.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { reasonLabel } from "../points-ui.js";
import { formError, loaded, screen } from "../ui.js";
import { submitting } from "../forms.js";

function ruleRow(rule) {
  const form = h("form", { class: "inline-form rule", novalidate: true, dataset: { reason: rule.reason } },
    h("strong", {}, reasonLabel(rule.reason)),
    field(t("rules.points"), h("input", { name: "points", type: "number", min: 0, max: 10000, inputmode: "numeric", value: rule.points })),
    field(t("rules.cap"), h("input", { name: "monthly_cap", type: "number", min: 0, inputmode: "numeric", value: rule.monthly_cap ?? "" })),
    formError(), h("button", { type: "submit", class: "secondary" }, t("action.save")));
  submitting(form, async () => {
    const data = new FormData(form);
    const body = { points: Number(data.get("points")), monthly_cap: data.get("monthly_cap") === "" ? null : Number(data.get("monthly_cap")) };
    await api(`/points/rules/${rule.reason}`, { method: "PATCH", body });
  });
  return h("li", {}, form);
}

function adjustForm() {
  const status = h("p", { class: "ok", role: "status", hidden: true });
  const form = h("form", { class: "inline-form", id: "adjust", novalidate: true },
    field(t("adjust.who"), h("input", { name: "who", required: true, maxlength: 50, autocomplete: "off" })),
    field(t("adjust.amount"), h("input", { name: "amount", type: "number", required: true, min: -100000, max: 100000, inputmode: "numeric" })),
    field(t("adjust.note"), h("input", { name: "note", required: true, maxlength: 200 })),
    formError(), status, h("button", { type: "submit" }, t("adjust.submit")));
  submitting(form, async () => {
    status.hidden = true;
    const data = new FormData(form);
    const found = await api("/accounts", { params: { q: data.get("who").trim(), limit: 2 } });
    if (found.items.length !== 1) {
      throw { code: "validation_failed", message: t("adjust.one_account"),
        errors: [{ field: "who", message: found.items.length ? t("adjust.many") : t("adjust.none") }] };
    }
    const person = found.items[0];
    await api("/points/adjustments", { method: "POST",
      body: { account_id: person.id, amount: Number(data.get("amount")), note: data.get("note").trim() } });
    status.textContent = t("adjust.done", { name: person.name, n: data.get("amount") });
    status.hidden = false;
    form.reset();
  }, { then: null });
  return form;
}

export default async function adminPoints() {
  const [rules, failed] = await loaded(t("home.points_admin"), () => api("/points/rules"));
  if (failed) return failed;
  return screen(t("home.points_admin"),
    h("section", { class: "card" }, h("h2", {}, t("rules.title")), h("ul", { class: "people", id: "rules" }, rules.map(ruleRow))),
    h("section", { class: "card" }, h("h2", {}, t("adjust.title")), adjustForm()),
    h("section", { class: "card" }, h("h2", {}, t("ledger.title")),
      h("a", { class: "button secondary", href: "/api/v1/points/ledger.csv", download: true, id: "ledger-export" }, t("ledger.export"))));
}
