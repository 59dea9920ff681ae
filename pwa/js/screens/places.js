// Places I manage: add, edit, deactivate, new code for a damaged poster, QR and poster per
// place, CSV import and export.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { WEEKDAYS, dayText } from "../places-ui.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { errorCard, errorMessage, formError, linkButton, loaded, screen, select } from "../ui.js";
import { AMENITIES, PLACE_KINDS } from "../vocabulary.js";
import { submitting } from "../forms.js";

const RANGE = /^([0-2]\d:[0-5]\d)\s*[-–~]\s*([0-2]\d:[0-5]\d)$/;

function parseHours(form) {
  const texts = WEEKDAYS.map((day) => form.querySelector(`input[name=hours_${day}]`).value.trim());
  if (texts.every((text) => !text)) return null;
  return texts.map((text) => {
    if (!text) return null;
    if (/^24\s*h$/i.test(text)) return ["00:00", "24:00"];
    const match = RANGE.exec(text);
    if (!match) throw new Error("hours");
    return [match[1], match[2]];
  });
}

function placeForm(me, nodes, place, onSaved) {
  const p = place ? place.place : {};
  const communities = nodes.filter((n) => n.kind === "community"
    && (me.role === "admin" || n.id === me.scope.id || n.parent_id === me.scope.id));
  const communitySelect = select("community_id", communities.map((c) => [c.id, localName(c)]), { value: place && place.community_id });
  const stationSelect = h("select", { name: "station_id" });
  const fillStations = () => stationSelect.replaceChildren(h("option", { value: "" }, t("places.nostation")),
    ...nodes.filter((n) => n.kind === "delivery_station" && String(n.parent_id) === communitySelect.value)
      .map((s) => h("option", { value: s.id }, localName(s))));
  // Who fixes what at this place: a property company of its community (workers and the admin).
  const setsCompany = me.role === "admin" || me.role === "community_worker";
  const companySelect = h("select", { name: "property_company_id" });
  const fillCompanies = () => {
    const communityId = place ? String(place.community_id) : communitySelect.value;
    companySelect.replaceChildren(h("option", { value: "" }, t("places.nocompany")),
      ...nodes.filter((n) => n.kind === "property_company" && String(n.parent_id) === communityId)
        .map((c) => h("option", { value: c.id, selected: place && place.property_company_id === c.id }, localName(c))));
  };
  communitySelect.addEventListener("change", () => { fillStations(); fillCompanies(); });
  fillStations();
  fillCompanies();
  const hours = p.hours || [];
  const form = h("form", { class: "inline-form", novalidate: true },
    field(t("places.kind"), select("kind", PLACE_KINDS.map((k) => [k, t(`place.kind.${k}`)]), { value: p.kind || "rider_station" })),
    field(t("org.name"), h("input", { name: "name", required: true, maxlength: 100, value: p.name || "" })),
    field(t("org.name_ug"), h("input", { name: "name_ug", maxlength: 150, dir: "rtl", lang: "ug", value: p.name_ug || "" })),
    field(t("org.name_en"), h("input", { name: "name_en", maxlength: 150, dir: "ltr", lang: "en", value: p.name_en || "" })),
    place || me.role === "station_head" ? null : field(t("kind.community"), communitySelect),
    place || me.role === "station_head" ? null : field(t("kind.delivery_station"), stationSelect),
    setsCompany ? field(t("places.company"), companySelect) : null,
    field(t("places.address"), h("input", { name: "address", maxlength: 200, value: p.address || "" })),
    field(t("places.latitude"), h("input", { name: "latitude", inputmode: "decimal", dir: "ltr", value: p.latitude ?? "" })),
    field(t("places.longitude"), h("input", { name: "longitude", inputmode: "decimal", dir: "ltr", value: p.longitude ?? "" })),
    field(t("places.phone"), h("input", { name: "phone", type: "tel", maxlength: 20, dir: "ltr", value: p.phone || "" })),
    h("fieldset", { class: "chips" }, h("legend", {}, t("place.amenities")),
      AMENITIES.map((key) => h("label", { class: "chip" },
        h("input", { type: "checkbox", name: "amenities", value: key, checked: (p.amenities || []).includes(key) }),
        h("span", {}, t(`amenity.${key}`))))),
    h("fieldset", { class: "week" }, h("legend", {}, t("places.hours")), h("p", { class: "meta" }, t("places.hours.help")),
      WEEKDAYS.map((day, i) => field(t(`weekday.${day}`), h("input", { name: `hours_${day}`, dir: "ltr",
        placeholder: "08:00-22:00", value: hours[i] ? (dayText(hours[i]) === t("hours.allday") ? "24h" : `${hours[i][0]}-${hours[i][1]}`) : "" })))),
    h("span", { class: "field-error", role: "alert", hidden: true, "data-for": "hours" }),
    formError(),
    h("button", { type: "submit" }, place ? t("action.save") : t("places.create")));
  submitting(form, async () => {
    const data = new FormData(form);
    let hoursValue;
    try { hoursValue = parseHours(form); } catch (error) {
      throw { message: t("places.hours.invalid"), code: "validation_failed",
        errors: [{ field: "hours", message: t("places.hours.invalid") }] };
    }
    const number = (name) => (data.get(name).trim() === "" ? null : Number(data.get(name)));
    const body = { kind: data.get("kind"), name: data.get("name").trim(), name_ug: data.get("name_ug").trim() || null,
      name_en: data.get("name_en").trim() || null, address: data.get("address").trim(), phone: data.get("phone").trim(),
      latitude: number("latitude"), longitude: number("longitude"), amenities: data.getAll("amenities"), hours: hoursValue };
    if (setsCompany) body.property_company_id = Number(data.get("property_company_id")) || null;
    if (!place && me.role !== "station_head") {
      body.community_id = Number(data.get("community_id")) || null;
      body.station_id = Number(data.get("station_id")) || null;
    }
    await api(place ? `/places/${p.id}` : "/places", { method: place ? "PATCH" : "POST", body });
    await onSaved();
  }, { then: null });
  return form;
}

function placeRow(me, nodes, item) {
  const p = item.place;
  const row = h("li", { class: p.is_active ? "person" : "person inactive", dataset: { id: p.id } },
    h("div", { class: "node-head" }, h("strong", {}, localName(p)), h("span", { class: "tag" }, t(`place.kind.${p.kind}`)),
      p.is_active ? null : h("span", { class: "tag warn" }, t("org.inactive"))),
    h("p", { class: "meta" }, t("place.code"), " ", h("a", { href: `/q/${item.code}`, "data-link": true, dir: "ltr", class: "code" }, item.code)));
  const edit = placeForm(me, nodes, item, render);
  edit.hidden = true;
  const toggleEdit = h("button", { type: "button", class: "small secondary" }, t("people.edit"));
  toggleEdit.addEventListener("click", () => { edit.hidden = !edit.hidden; });
  const active = h("button", { type: "button", class: "small secondary" }, p.is_active ? t("org.deactivate") : t("org.activate"));
  active.addEventListener("click", async () => {
    try { await api(`/places/${p.id}`, { method: "PATCH", body: { is_active: !p.is_active } }); await render(); }
    catch (error) { row.append(errorCard(error)); }
  });
  const regenerate = h("button", { type: "button", class: "small secondary" }, t("places.newcode"));
  regenerate.addEventListener("click", async () => {
    if (!window.confirm(t("places.newcode.confirm"))) return;
    try { await api(`/places/${p.id}/regenerate-code`, { method: "POST" }); await render(); }
    catch (error) { row.append(errorCard(error)); }
  });
  row.append(h("div", { class: "actions" }, toggleEdit, active, regenerate,
    h("a", { class: "button small secondary", href: `/api/v1/places/${p.id}/qr`, download: `${p.name}-${item.code}.png` }, t("places.qr")),
    h("a", { class: "button small secondary", href: `/api/v1/posters?place_id=${p.id}&print=true`, target: "_blank", rel: "noopener" }, t("places.poster"))),
    edit);
  return row;
}

function importForm() {
  const input = h("input", { type: "file", name: "file", accept: ".csv,text/csv", required: true });
  const result = h("div", { role: "status" });
  const form = h("form", { class: "card", novalidate: true }, h("h2", {}, t("places.import")),
    h("p", { class: "meta" }, t("places.import.help")), field(t("places.import.file"), input), formError(), result,
    h("button", { type: "submit" }, t("places.import.submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return;
    result.replaceChildren();
    try {
      await api("/places/import", { method: "POST", file, contentType: "text/csv" });
      await render();
    } catch (error) {
      result.replaceChildren(h("p", { class: "form-error" }, errorMessage(error)),
        h("ul", { class: "bullets import-errors" }, error.errors.map((e) =>
          h("li", {}, t("places.import.line", { line: e.line ?? "-" }),
            e.column ? [" · ", t("places.import.column", { column: e.column })] : null, " ", e.message))));
    }
  });
  return form;
}

export default async function places() {
  const me = account();
  const [[page, nodes], failed] = await loaded(t("places.title"),
    () => Promise.all([api("/places", { params: { include_inactive: true, limit: 100 } }), api("/org/nodes")]));
  if (failed) return failed;
  const create = placeForm(me, nodes, null, render);
  create.hidden = true;
  const add = h("button", { type: "button" }, t("places.add"));
  add.addEventListener("click", () => { create.hidden = !create.hidden; });
  return screen(t("places.title"),
    h("nav", { class: "menu" }, linkButton("/posters", t("home.posters")),
      h("a", { class: "button secondary", href: "/api/v1/places/export.csv", download: "places.csv" }, t("places.export"))),
    add, create,
    page.items.length ? h("ul", { class: "people" }, page.items.map((item) => placeRow(me, nodes, item))) : h("p", {}, t("places.none")),
    importForm());
}
