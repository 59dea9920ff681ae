// /q/{code}: the place a poster belongs to — what it offers, when it is open, whom to call,
// and what one can do here: report a problem, post a wish, read the wish wall.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { amenityList, hoursTable, openBadge } from "../places-ui.js";
import { errorCard, linkButton, phoneLink, screen } from "../ui.js";
import { mapLinks } from "../maps.js";
import { codeForm } from "./code.js";

export default async function place({ params, query }) {
  let found;
  try {
    found = await api(`/codes/${encodeURIComponent(params.code)}`);
  } catch (error) {
    if (error.code === "not_found") {
      return screen(t("place.unknown.title"),
        h("p", { class: "lead" }, t("place.unknown.text", { code: params.code })),
        codeForm(params.code));
    }
    // A poster scanned with no network, its place never opened on this phone: the report
    // form all the same, the code kept with it; the outbox sends it once there is a network.
    if (error.code === "offline" && (!params.action || params.action === "report")) {
      const code = params.code.trim().toUpperCase();
      const form = await (await import("./report.js")).default({ code, state: "active", place: { name: code } });
      form.querySelector("h1").after(h("p", { class: "notice-strong", role: "status", id: "offline-report" },
        t("place.offline_report", { code })));
      return form;
    }
    return screen(t("place.title"), errorCard(error));
  }
  const p = found.place;
  const active = found.state === "active";
  if (params.action === "report" && active) return (await import("./report.js")).default(found);
  if (params.action === "wish" && active) return (await import("./wish.js")).default(found);
  if (params.action === "wall") return (await import("./wall.js")).placeWall(found, query);
  const base = `/q/${found.code}`;
  const titles = { report: "place.action.report", wish: "place.action.wish", wall: "place.action.wall" };
  return screen(localName(p),
    h("p", { class: "kind" }, t(`place.kind.${p.kind}`), " ", active ? openBadge(p.open_now) : null),
    active ? null : h("p", { class: "notice-strong", role: "status" }, t(`place.state.${found.state}`)),
    p.address ? h("p", { class: "address" }, p.address) : null,
    mapLinks(p, localName(p)),
    active ? h("nav", { class: "menu", "aria-label": t("place.actions") },
      ["report", "wish", "wall"].filter((a) => a !== params.action)
        .map((a) => linkButton(`${base}/${a}`, t(titles[a]), { secondary: true }))) : null,
    p.amenities.length ? h("section", { class: "card" }, h("h2", {}, t("place.amenities")), amenityList(p.amenities)) : null,
    h("section", { class: "card" }, h("h2", {}, t("place.hours")), hoursTable(p.hours)),
    p.phone ? h("p", {}, t("place.phone"), " ", phoneLink(p.phone)) : null,
    h("p", { class: "code-line" }, t("place.code"), " ", h("span", { dir: "ltr" }, found.code)));
}
