// Pieces shared by the points and rewards screens.
import { h } from "./dom.js";
import { localName, t } from "./i18n.js";
import { when } from "./reports-ui.js";

const KNOWN_REASONS = ["report_verified", "report_resolved", "wish_fulfilled", "task_completed", "training_attended",
  "reward_held", "reward_released", "adjustment"];

export function reasonLabel(reason) {
  return KNOWN_REASONS.includes(reason) ? t(`points.reason.${reason}`) : reason;
}

export function ledgerRow(line) {
  const sign = line.amount > 0 ? `+${line.amount}` : String(line.amount);
  const note = line.note === "cap reached" ? t("points.cap_reached") : line.note;
  return h("li", { class: "ledger-line" },
    // Isolated left-to-right: in Uyghur "-20" would otherwise read "20-".
    h("strong", { class: line.amount < 0 ? "minus" : "plus" }, h("bdi", { dir: "ltr", class: "signed" }, sign)),
    h("span", {}, reasonLabel(line.reason), note ? ` · ${note}` : ""),
    h("span", { class: "meta" }, when(line.created_at)));
}

export function rewardName(item) {
  return localName({ name: item.reward_name ?? item.name, name_ug: item.reward_name_ug ?? item.name_ug,
    name_en: item.reward_name_en ?? item.name_en });
}

export function statusTag(redemption) {
  return h("span", { class: `tag redemption-${redemption.status}` }, t(`redemption.status.${redemption.status}`));
}

// The code in groups of five, easier to read out and to type.
export function spacedCode(code) {
  return code.replace(/(.{5})(?=.)/g, "$1 ");
}
