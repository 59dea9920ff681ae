// What works without a network.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { linkButton, screen } from "../ui.js";

export default async function offline() {
  return screen(t("offline.title"),
    h("p", { class: "lead" }, navigator.onLine ? t("offline.now.online") : t("offline.now.offline")),
    h("ul", { class: "bullets" },
      h("li", {}, t("offline.works.app")),
      h("li", {}, t("offline.works.seen")),
      h("li", {}, t("offline.works.language"))),
    h("p", {}, t("offline.needs")),
    linkButton("/", t("nav.home")));
}
