// The admin's organisation tree: streets, communities, property companies, delivery
// stations — add, rename, deactivate and reactivate.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { render } from "../router.js";
import { errorCard, formError, loaded, screen, select } from "../ui.js";
import { PLATFORMS } from "../vocabulary.js";
import { submitting } from "../forms.js";

const CHILD_KINDS = {
  district: ["street", "department"],
  street: ["community", "department"],
  community: ["property_company", "delivery_station"],
};

function nodeForm({ kind, submitLabel, initial = {}, onSubmit }) {
  const form = h("form", { class: "inline-form", novalidate: true },
    field(t("org.name"), h("input", { name: "name", required: true, maxlength: 100, value: initial.name || "" })),
    field(t("org.name_ug"), h("input", { name: "name_ug", maxlength: 150, dir: "rtl", lang: "ug", value: initial.name_ug || "" })),
    field(t("org.name_en"), h("input", { name: "name_en", maxlength: 150, dir: "ltr", lang: "en", value: initial.name_en || "" })),
    kind === "delivery_station"
      ? field(t("register.platform"), select("platform", PLATFORMS.map((p) => [p, t(`platform.${p}`)]), { value: initial.platform }))
      : null,
    formError(),
    h("button", { type: "submit" }, submitLabel));
  submitting(form, async () => {
    const data = new FormData(form);
    const body = { name: data.get("name").trim(), name_ug: data.get("name_ug").trim() || null,
      name_en: data.get("name_en").trim() || null };
    if (kind === "delivery_station") body.platform = data.get("platform");
    await onSubmit(body);
  });
  return form;
}

function toggle(button, panel) {
  button.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", String(!panel.hidden));
  });
}

function nodeItem(node, childrenOf) {
  const actions = h("div", { class: "actions" });
  const panels = h("div", {});
  const edit = h("button", { type: "button", class: "small secondary", "aria-expanded": "false" }, t("org.rename"));
  const editPanel = nodeForm({ kind: node.kind, submitLabel: t("action.save"), initial: node,
    onSubmit: (body) => api(`/org/nodes/${node.id}`, { method: "PATCH", body }) });
  editPanel.hidden = true;
  toggle(edit, editPanel);
  const activeToggle = h("button", { type: "button", class: "small secondary" },
    node.is_active ? t("org.deactivate") : t("org.activate"));
  activeToggle.addEventListener("click", async () => {
    try {
      await api(`/org/nodes/${node.id}`, { method: "PATCH", body: { is_active: !node.is_active } });
      await render();
    } catch (error) { panels.append(errorCard(error)); }
  });
  actions.append(edit, activeToggle);
  panels.append(editPanel);
  for (const kind of CHILD_KINDS[node.kind] || []) {
    const add = h("button", { type: "button", class: "small", "aria-expanded": "false" }, t(`org.add.${kind}`));
    const panel = nodeForm({ kind, submitLabel: t(`org.add.${kind}`),
      onSubmit: (body) => api("/org/nodes", { method: "POST", body: { ...body, kind, parent_id: node.id } }) });
    panel.hidden = true;
    toggle(add, panel);
    actions.append(add);
    panels.append(panel);
  }
  const children = childrenOf.get(node.id) || [];
  return h("li", { class: node.is_active ? "node" : "node inactive", dataset: { kind: node.kind } },
    h("div", { class: "node-head" },
      h("strong", {}, localName(node)),
      h("span", { class: "tag" }, t(`kind.${node.kind}`)),
      node.platform ? h("span", { class: "tag" }, t(`platform.${node.platform}`)) : null,
      node.is_active ? null : h("span", { class: "tag warn" }, t("org.inactive"))),
    actions, panels,
    children.length ? h("ul", { class: "tree" }, children.map((child) => nodeItem(child, childrenOf))) : null);
}

export default async function adminOrg() {
  const [nodes, failed] = await loaded(t("org.title"), () => api("/org/nodes", { params: { include_inactive: true } }));
  if (failed) return failed;
  const ids = new Set(nodes.map((n) => n.id));
  const childrenOf = new Map();
  for (const node of nodes) {
    if (!childrenOf.has(node.parent_id)) childrenOf.set(node.parent_id, []);
    childrenOf.get(node.parent_id).push(node);
  }
  const roots = nodes.filter((n) => n.parent_id === null || !ids.has(n.parent_id));
  return screen(t("org.title"), h("ul", { class: "tree root" }, roots.map((n) => nodeItem(n, childrenOf))));
}
