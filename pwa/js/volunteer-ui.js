// Pieces the small-task and help screens share: a help request's card, times in Beijing.
import { beijingMark } from "./beijing.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { phoneLink } from "./ui.js";


export const when = (iso) => (iso ? new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false,
  month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" }) : "");

// A help request as the viewer may see it; the address and phone only come when he may.
export function helpCard(help, ...actions) {
  return h("li", { class: "wish-card", dataset: { help: help.id, status: help.status } },
    h("h3", {}, `${t(`help.kind.${help.kind}`)} · ${t(`beneficiary.kind.${help.beneficiary_kind}`)} ${help.beneficiary}`),
    h("p", { class: "meta" }, help.window_from ? `${when(help.window_from)} – ${when(help.window_until)} (${beijingMark()})` : t("help.now"),
      help.from_place || help.to_place ? ` · ${help.from_place} → ${help.to_place}` : ""),
    help.notes ? h("p", {}, help.notes) : null,
    help.address ? h("dl", { class: "facts contact" },
      h("dt", {}, t("help.name")), h("dd", {}, help.name),
      h("dt", {}, t("help.address")), h("dd", {}, help.address),
      h("dt", {}, t("help.phone")), h("dd", {}, help.phone ? phoneLink(help.phone) : t("help.no_phone"),
        help.phone_note ? ` (${help.phone_note})` : "")) : null,
    help.code ? h("p", { class: "big-code", dataset: { code: help.code } }, `${t("help.code")} ${help.code}`) : null,
    help.thanks ? h("p", { class: "thanks" }, help.thanks) : null,
    h("p", { class: "tag" }, t(`help.status.${help.status}`)),
    ...actions);
}
