// The catalogue a station (or a community) offers: add, restock, reprice, retire, picture.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, localOf, t } from "../i18n.js";
import { rewardName } from "../points-ui.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { formError, loaded, screen, select } from "../ui.js";
import { photoButton } from "../viewer.js";
import { submitting } from "../forms.js";

// Dates are days in Beijing time: from its first second to the last second of "until".
const dayStart = (day) => (day ? `${day}T00:00:00+08:00` : null);
const dayEnd = (day) => (day ? `${day}T23:59:59+08:00` : null);
const dayOf = (iso) => (iso ? new Date(iso).toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" }) : "");

function rewardForm(reward, owners, onSubmit, label) {
  const r = reward || {};
  const form = h("form", { class: "inline-form", novalidate: true },
    !reward && owners.length ? field(t("reward.owner"), select("owner_id", owners.map((o) => [o.id, localName(o)]))) : null,
    field(t("reward.name"), h("input", { name: "name", required: true, maxlength: 60, value: r.name || "" })),
    field(t("org.name_ug"), h("input", { name: "name_ug", maxlength: 100, dir: "rtl", lang: "ug", value: r.name_ug || "" })),
    field(t("org.name_en"), h("input", { name: "name_en", maxlength: 100, dir: "ltr", value: r.name_en || "" })),
    field(t("reward.description"), h("input", { name: "description", maxlength: 300, value: r.description || "" })),
    field(t("reward.cost"), h("input", { name: "cost", type: "number", min: 1, max: 100000, inputmode: "numeric", required: true,
      value: r.cost ?? "" })),
    field(t("reward.stock_label"), h("input", { name: "stock", type: "number", min: 0, max: 100000, inputmode: "numeric",
      required: true, value: r.stock ?? "" })),
    field(t("reward.from"), h("input", { name: "available_from", type: "date", value: dayOf(r.available_from) })),
    field(t("reward.until_day"), h("input", { name: "available_until", type: "date", value: dayOf(r.available_until) })),
    formError(), h("button", { type: "submit" }, label));
  submitting(form, async () => {
    const data = new FormData(form);
    const number = (name) => (data.get(name) === "" ? null : Number(data.get(name)));
    const body = { name: data.get("name").trim(), name_ug: data.get("name_ug").trim() || null,
      name_en: data.get("name_en").trim() || null, description: data.get("description").trim(),
      cost: number("cost"), stock: number("stock"),
      available_from: dayStart(data.get("available_from")), available_until: dayEnd(data.get("available_until")) };
    if (data.get("owner_id")) body.owner_id = Number(data.get("owner_id"));
    await onSubmit(body);
  });
  return form;
}

function pictureForm(reward) {
  const input = h("input", { name: "photo", type: "file", accept: "image/*" });
  const form = h("form", { class: "inline-form" }, field(t("reward.picture"), input), formError(),
    h("button", { type: "submit", class: "secondary" }, t("reward.upload")));
  submitting(form, async () => {
    if (!input.files.length) return;
    const { shrink } = await import("./report.js");
    const upload = new FormData();
    upload.append("photo", await shrink(input.files[0]), "reward.jpg");
    await api(`/rewards/${reward.id}/picture`, { method: "POST", file: upload, contentType: null });
  });
  return form;
}

async function ownersFor(me) {
  if (me.role === "station_head") return [];
  const nodes = await api("/org/nodes");
  const mine = me.role === "community_worker"
    ? nodes.filter((n) => n.id === me.scope?.id || (n.parent_id === me.scope?.id && n.kind === "delivery_station"))
    : nodes.filter((n) => n.kind === "community" || n.kind === "delivery_station");
  return mine;
}

export default async function rewards() {
  const me = account();
  const [[list, owners], failed] = await loaded(t("home.rewards"), () => Promise.all([api("/rewards", { params: { include_inactive: true } }), ownersFor(me)]));
  if (failed) return failed;
  const rows = list.map((r) => {
    const edit = h("div", { hidden: true },
      rewardForm(r, owners, (body) => api(`/rewards/${r.id}`, { method: "PATCH", body }), t("action.save")), pictureForm(r));
    const toggle = h("button", { type: "button", class: "small secondary" }, t("people.edit"));
    toggle.addEventListener("click", () => { edit.hidden = !edit.hidden; });
    const active = h("button", { type: "button", class: "small secondary" }, r.is_active ? t("reward.retire") : t("org.activate"));
    active.addEventListener("click", async () => {
      await api(`/rewards/${r.id}`, { method: "PATCH", body: { is_active: !r.is_active } }).catch(() => {});
      await render();
    });
    return h("li", { class: r.is_active ? "person" : "person inactive", dataset: { id: r.id } },
      r.thumb_url ? photoButton([{ url: r.photo_url, label: rewardName(r) }], 0, r.thumb_url,
      { class: "reward-thumb", width: 72, height: 72 }) : null,
      h("div", { class: "node-head" }, h("strong", {}, rewardName(r)),
        h("span", { class: "tag" }, t("points.n", { n: r.cost })), h("span", { class: "tag" }, t("reward.stock", { n: r.stock })),
        r.available ? null : h("span", { class: "tag warn" }, t("reward.unavailable"))),
      h("p", { class: "meta" }, localOf(r, "owner_name")),
      h("div", { class: "actions" }, toggle, active), edit);
  });
  return screen(t("home.rewards"),
    rows.length ? h("ul", { class: "people", id: "reward-list" }, rows) : h("p", {}, t("reward.none")),
    h("section", { class: "card" }, h("h2", {}, t("reward.add")),
      rewardForm(null, owners, (body) => api("/rewards", { method: "POST", body }), t("reward.add"))));
}
