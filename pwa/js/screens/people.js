// Accounts within my scope. The admin creates, edits, disables and resets passwords;
// community workers and station heads only look.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { errorCard, formError, loaded, screen, select } from "../ui.js";
import { ROLES } from "../vocabulary.js";
import { submitting } from "../forms.js";

// Which kind of organisation node each role belongs to.
const SCOPE_KINDS = {
  admin: ["district"], community_worker: ["street", "community"], station_head: ["delivery_station"],
  property_staff: ["property_company"], rider: ["delivery_station"], resident: ["community"],
};

function scopeOptions(nodes, role) {
  return nodes.filter((n) => SCOPE_KINDS[role].includes(n.kind)).map((n) => [n.id, localName(n)]);
}

function createForm(nodes) {
  const roleSelect = select("role", ROLES.map((r) => [r, t(`role.${r}`)]), { value: "rider" });
  const scopeSelect = select("scope_id", scopeOptions(nodes, "rider"));
  roleSelect.addEventListener("change", () => {
    scopeSelect.replaceChildren(...scopeOptions(nodes, roleSelect.value).map(([v, l]) => h("option", { value: v }, l)));
  });
  const form = h("form", { class: "card", novalidate: true },
    h("h2", {}, t("people.new")),
    field(t("people.role"), roleSelect),
    field(t("people.name"), h("input", { name: "name", required: true, maxlength: 50 })),
    field(t("people.phone"), h("input", { name: "phone", type: "tel", inputmode: "tel", maxlength: 20 })),
    field(t("people.username"), h("input", { name: "username", maxlength: 32, autocapitalize: "off", dir: "ltr" })),
    field(t("people.scope"), scopeSelect),
    field(t("people.password"), h("input", { name: "password", type: "password", autocomplete: "new-password",
      required: true, maxlength: 128 })),
    formError(),
    h("button", { type: "submit" }, t("people.create")));
  submitting(form, async () => {
    const data = new FormData(form);
    await api("/accounts", { method: "POST", body: {
      role: data.get("role"), name: data.get("name").trim(), password: data.get("password"),
      phone: data.get("phone").trim() || null, username: data.get("username").trim() || null,
      scope_id: Number(data.get("scope_id")) || null } });
  });
  return form;
}

function personRow(person, canEdit) {
  const row = h("li", { class: person.is_active ? "person" : "person inactive", dataset: { id: person.id } },
    h("div", { class: "node-head" },
      h("strong", {}, person.name),
      h("span", { class: "tag" }, t(`role.${person.role}`)),
      person.is_active ? null : h("span", { class: "tag warn" }, t("people.disabled"))),
    h("p", { class: "meta" },
      person.phone ? h("span", { dir: "ltr" }, person.phone) : null,
      person.username ? h("span", { dir: "ltr" }, ` @${person.username}`) : null,
      person.scope ? ` · ${person.scope.name}` : ""));
  if (!canEdit) return row;
  const message = h("p", { class: "ok", role: "status", hidden: true });
  const editForm = h("form", { class: "inline-form", novalidate: true, hidden: true },
    field(t("people.name"), h("input", { name: "name", required: true, maxlength: 50, value: person.name })),
    field(t("people.phone"), h("input", { name: "phone", type: "tel", maxlength: 20, value: person.phone || "" })),
    formError(),
    h("button", { type: "submit" }, t("action.save")));
  submitting(editForm, async () => {
    const data = new FormData(editForm);
    await api(`/accounts/${person.id}`, { method: "PATCH", body: {
      name: data.get("name").trim(), phone: data.get("phone").trim() || null } });
  });
  const edit = h("button", { type: "button", class: "small secondary" }, t("people.edit"));
  edit.addEventListener("click", () => { editForm.hidden = !editForm.hidden; });
  const active = h("button", { type: "button", class: "small secondary" },
    person.is_active ? t("people.disable") : t("people.enable"));
  active.addEventListener("click", async () => {
    try {
      await api(`/accounts/${person.id}`, { method: "PATCH", body: { is_active: !person.is_active } });
      await render();
    } catch (error) { row.append(errorCard(error)); }
  });
  const reset = h("button", { type: "button", class: "small secondary" }, t("people.reset"));
  reset.addEventListener("click", async () => {
    if (!window.confirm(t("people.reset.confirm", { name: person.name }))) return;
    try {
      const answer = await api(`/accounts/${person.id}/reset-password`, { method: "POST" });
      message.replaceChildren(t("people.reset.done"), " ", h("code", { dir: "ltr", class: "temp-password" }, answer.temporary_password));
      message.hidden = false;
    } catch (error) { row.append(errorCard(error)); }
  });
  row.append(h("div", { class: "actions" }, edit, active, reset), message, editForm);
  return row;
}

export default async function people({ query }) {
  const me = account();
  const canEdit = me.role === "admin";
  const title = canEdit ? t("home.accounts") : t(me.role === "station_head" ? "home.people.station" : "home.people.community");
  const role = query.get("role") || "";
  const [[page, nodes], failed] = await loaded(title, () => Promise.all([
    api("/accounts", { params: { role } }),
    canEdit ? api("/org/nodes") : Promise.resolve([]),
  ]));
  if (failed) return failed;
  const filter = select("role", [["", t("people.all")], ...ROLES.map((r) => [r, t(`role.${r}`)])], { value: role });
  filter.setAttribute("aria-label", t("people.role"));
  filter.addEventListener("change", () => {
    history.replaceState(null, "", filter.value ? `?role=${filter.value}` : location.pathname);
    render();
  });
  const list = h("ul", { class: "people" }, page.items.map((p) => personRow(p, canEdit)));
  const more = h("button", { type: "button", class: "secondary", hidden: !page.next_cursor }, t("people.more"));
  let cursor = page.next_cursor;
  more.addEventListener("click", async () => {
    try {
      const next = await api("/accounts", { params: { role, cursor } });
      list.append(...next.items.map((p) => personRow(p, canEdit)));
      cursor = next.next_cursor;
      more.hidden = !cursor;
    } catch (error) { list.after(errorCard(error)); }
  });
  return screen(title, h("div", { class: "toolbar" }, filter),
    page.items.length ? list : h("p", {}, t("people.none")), more,
    canEdit ? createForm(nodes) : null);
}
