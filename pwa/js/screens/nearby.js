// "Nearest open station with …": from the phone's location if shared, else a community.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { amenityList, openBadge } from "../places-ui.js";
import { bearing, walkText } from "../maps.js";
import { errorCard, screen } from "../ui.js";
import { AMENITIES } from "../vocabulary.js";

const WANTED = ["phone_charging", "battery_charging", "drinking_water", "hot_water", "microwave", "toilet", "heating", "cooling"];

export default async function nearby({ query }) {
  let communities = [];
  try { communities = await api("/org/nodes", { params: { kind: "community" } }); } catch (error) { /* offline */ }
  const results = h("div", { class: "results", "aria-live": "polite" });
  const chips = h("fieldset", { class: "chips" }, h("legend", {}, t("nearby.need")),
    WANTED.map((key) => h("label", { class: "chip" },
      h("input", { type: "checkbox", name: "amenity", value: key, checked: query.getAll("amenity").includes(key) }),
      h("span", {}, t(`amenity.${key}`)))));
  const openOnly = h("label", { class: "check" }, h("input", { type: "checkbox", name: "open_now", checked: true }),
    h("span", {}, t("nearby.open_only")));
  const community = h("select", { name: "community_id", "aria-label": t("nearby.community") },
    h("option", { value: "" }, t("nearby.community")),
    communities.map((c) => h("option", { value: c.id }, localName(c))));
  let origin = null;
  let latest = 0;

  async function search() {
    const ticket = ++latest; // answers to older questions arriving late are dropped
    const params = { open_now: openOnly.querySelector("input").checked };
    const amenities = [...chips.querySelectorAll("input:checked")].map((i) => i.value);
    if (origin) Object.assign(params, origin);
    else if (community.value) params.community_id = community.value;
    else { results.replaceChildren(h("p", {}, t("nearby.how"))); return; }
    const query = new URLSearchParams(Object.entries(params));
    for (const a of amenities) query.append("amenity", a);
    try {
      const found = await api(`/places/nearby?${query}`);
      if (ticket !== latest) return;
      results.replaceChildren(found.length ? h("ul", { class: "people" }, found.map((item) => h("li", { class: "person" },
        h("div", { class: "node-head" },
          h("a", { href: `/q/${item.code}`, "data-link": true }, localName(item.place)),
          openBadge(item.place.open_now),
          h("span", { class: "tag walk" }, walkText(item.distance_km, origin && item.place.latitude != null
            ? bearing({ lat: Number(origin.lat), lng: Number(origin.lng) }, { lat: item.place.latitude, lng: item.place.longitude }) : null))),
        item.place.address ? h("p", { class: "meta" }, item.place.address) : null,
        amenityList(item.place.amenities.filter((a) => AMENITIES.includes(a)))))) : h("p", {}, t("nearby.none")));
    } catch (error) {
      if (ticket === latest) results.replaceChildren(errorCard(error));
    }
  }

  const locate = h("button", { type: "button" }, t("nearby.locate"));
  locate.addEventListener("click", () => {
    if (!navigator.geolocation) { results.replaceChildren(h("p", {}, t("nearby.nolocation"))); return; }
    navigator.geolocation.getCurrentPosition((position) => {
      origin = { lat: position.coords.latitude.toFixed(5), lng: position.coords.longitude.toFixed(5) };
      search();
    }, () => results.replaceChildren(h("p", {}, t("nearby.nolocation"))), { timeout: 10000, maximumAge: 60000 });
  });
  community.addEventListener("change", () => { origin = null; search(); });
  chips.addEventListener("change", search);
  openOnly.addEventListener("change", search);
  return screen(t("nearby.title"), h("p", { class: "lead" }, t("nearby.intro")),
    h("div", { class: "card" }, locate, community, chips, openOnly), results);
}
