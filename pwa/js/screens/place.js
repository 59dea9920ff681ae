// /q/{code} and its actions: the place a poster belongs to. Report, wish and wall screens
// come with their features; until then these pages name the place.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { errorCard, screen } from "../ui.js";
import { codeForm } from "./code.js";

export default async function place({ params }) {
  let found;
  try {
    found = await api(`/codes/${encodeURIComponent(params.code)}`);
  } catch (error) {
    if (error.code === "not_found") {
      return screen(t("place.unknown.title"),
        h("p", { class: "lead" }, t("place.unknown.text", { code: params.code })),
        codeForm(params.code));
    }
    return screen(t("place.title"), errorCard(error));
  }
  const p = found.place;
  const notice = found.state === "active" ? null
    : h("p", { class: "notice-strong", role: "status" }, t(`place.state.${found.state}`));
  const sections = {
    report: t("place.action.report"), wish: t("place.action.wish"), wall: t("place.action.wall"),
  };
  return screen(localName(p),
    h("p", { class: "kind" }, t(`place.kind.${p.kind}`)),
    p.address ? h("p", { class: "address" }, p.address) : null,
    notice,
    params.action ? h("p", { class: "soon" }, sections[params.action], " · ", t("place.soon")) : null,
    h("p", { class: "code-line" }, t("place.code"), " ", h("span", { dir: "ltr" }, found.code)));
}
