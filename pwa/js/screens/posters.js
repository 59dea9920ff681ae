// "Print my posters": pick a size, tap print. A station head gets his station's posters,
// a community worker his community's, the admin chooses a community.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { account } from "../session.js";
import { screen } from "../ui.js";

export function posterQuery(me, communityId) {
  if (me.role === "station_head") return { station_id: me.scope.id };
  if (me.role === "community_worker" && me.scope.kind === "community") return { community_id: me.scope.id };
  return communityId ? { community_id: communityId } : {};
}

export default async function posters() {
  const me = account();
  const needsChoice = !(me.role === "station_head" || (me.role === "community_worker" && me.scope.kind === "community"));
  let communities = [];
  if (needsChoice) {
    try { communities = await api("/org/nodes", { params: { kind: "community" } }); } catch (error) { /* offline */ }
  }
  const community = h("select", { name: "community_id", "aria-label": t("posters.community") },
    h("option", { value: "" }, t("posters.all")), communities.map((c) => h("option", { value: c.id }, localName(c))));
  const sizes = h("fieldset", { class: "chips" }, h("legend", {}, t("posters.size")),
    ["A4", "A5", "A6"].map((size) => h("label", { class: "chip" },
      h("input", { type: "radio", name: "size", value: size, checked: size === "A4" }), h("span", {}, t(`posters.size.${size}`)))));
  const english = h("label", { class: "check" }, h("input", { type: "checkbox", name: "english" }), h("span", {}, t("posters.english")));
  const print = h("a", { class: "button big", id: "print-posters", target: "_blank", rel: "noopener" }, t("posters.print"));
  const zip = h("a", { class: "button secondary", id: "zip-codes", download: "qr-codes.zip" }, t("posters.zip"));
  const update = () => {
    const params = new URLSearchParams(posterQuery(me, community.value));
    params.set("size", sizes.querySelector("input:checked").value);
    if (english.querySelector("input").checked) params.set("english", "true");
    const zipParams = new URLSearchParams(posterQuery(me, community.value));
    print.href = `/api/v1/posters?${params}&print=true`;
    zip.href = `/api/v1/posters/codes.zip?${zipParams}`;
  };
  for (const el of [community, sizes, english]) el.addEventListener("change", update);
  update();
  return screen(t("posters.title"),
    h("p", { class: "lead" }, me.scope ? t("posters.for", { name: me.scope.name }) : t("posters.intro")),
    h("div", { class: "card" }, needsChoice ? community : null, sizes, english, print, zip));
}
