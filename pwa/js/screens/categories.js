// The admin's kinds of problem: names, default deadline and fixer, retire or bring back.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { render } from "../router.js";
import { formError, loaded, screen, select } from "../ui.js";
import { submitting } from "../forms.js";

const RESPONSIBLE = ["property_company", "department", "community"];

function categoryForm(category, onSubmit, label) {
  const c = category || {};
  const form = h("form", { class: "inline-form", novalidate: true },
    category ? null : field(t("categories.key"), h("input", { name: "key", required: true, maxlength: 30, dir: "ltr",
      pattern: "[a-z][a-z0-9_]+", autocapitalize: "off" })),
    field(t("org.name"), h("input", { name: "name", required: true, maxlength: 50, value: c.name || "" })),
    field(t("org.name_ug"), h("input", { name: "name_ug", maxlength: 80, dir: "rtl", lang: "ug", value: c.name_ug || "" })),
    field(t("org.name_en"), h("input", { name: "name_en", maxlength: 80, dir: "ltr", value: c.name_en || "" })),
    field(t("report.deadline_hours"), h("input", { name: "default_deadline_hours", type: "number", min: 1, max: 720,
      inputmode: "numeric", value: c.default_deadline_hours || 24 })),
    field(t("categories.responsible"), select("default_responsible", RESPONSIBLE.map((r) => [r, t(`categories.responsible.${r}`)]),
      { value: c.default_responsible })),
    formError(), h("button", { type: "submit" }, label));
  submitting(form, async () => {
    const data = new FormData(form);
    const body = { name: data.get("name").trim(), name_ug: data.get("name_ug").trim() || null,
      name_en: data.get("name_en").trim() || null, default_deadline_hours: Number(data.get("default_deadline_hours")),
      default_responsible: data.get("default_responsible") };
    if (!category) body.key = data.get("key").trim();
    await onSubmit(body);
  });
  return form;
}

export default async function categories() {
  const [list, failed] = await loaded(t("home.categories"), () => api("/report-categories", { params: { include_inactive: true } }));
  if (failed) return failed;
  const rows = list.map((c) => {
    const edit = categoryForm(c, (body) => api(`/report-categories/${c.key}`, { method: "PATCH", body }), t("action.save"));
    edit.hidden = true;
    const toggle = h("button", { type: "button", class: "small secondary" }, t("people.edit"));
    toggle.addEventListener("click", () => { edit.hidden = !edit.hidden; });
    const active = h("button", { type: "button", class: "small secondary" }, c.is_active ? t("org.deactivate") : t("org.activate"));
    active.addEventListener("click", async () => {
      await api(`/report-categories/${c.key}`, { method: "PATCH", body: { is_active: !c.is_active } }).catch(() => {});
      await render();
    });
    return h("li", { class: c.is_active ? "person" : "person inactive", dataset: { key: c.key } },
      h("div", { class: "node-head" }, h("strong", {}, localName(c)),
        h("span", { class: "tag" }, t("report.hours", { n: c.default_deadline_hours })),
        h("span", { class: "tag" }, t(`categories.responsible.${c.default_responsible}`)),
        c.is_active ? null : h("span", { class: "tag warn" }, t("org.inactive"))),
      h("div", { class: "actions" }, toggle, active), edit);
  });
  return screen(t("home.categories"), h("ul", { class: "people" }, rows),
    h("section", { class: "card" }, h("h2", {}, t("categories.add")),
      categoryForm(null, (body) => api("/report-categories", { method: "POST", body }), t("categories.add"))));
}
