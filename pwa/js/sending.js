// The moment a form is sent: a progress bar, then "sent", the server's reason for refusing,
// or "waiting to send" when the phone is offline (the outbox sends it later).
import { csrf } from "./api.js";
import { h } from "./dom.js";
import { deliver } from "./outbox.js";
import { t } from "./i18n.js";

export async function sendFromForm(form, status, item, { sentText, waitingText, after = null }) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  status.textContent = t("report.sending");
  const progress = h("progress", { max: 100, value: 0, "aria-label": t("report.sending") });
  status.after(progress);
  const result = await deliver(item, csrf(), (share) => { progress.value = Math.round(share * 100); });
  progress.remove();
  if (result.sent) {
    // ``after``: what follows the thanks — an element, or made from the server's answer.
    form.replaceWith(h("div", { class: "card sent" }, h("p", { class: "ok" }, sentText),
      typeof after === "function" ? after(result.report) : after));
  } else if (result.refused) {
    status.textContent = result.refused.detail || t("offline.short");
    button.disabled = false;
  } else if (result.later) {
    form.replaceWith(h("div", { class: "card waiting", dataset: { key: item.key } },
      h("p", { class: "notice-strong", id: "try-later" }, result.later.detail || "", " ", t("sending.kept"))));
  } else {
    form.replaceWith(h("div", { class: "card waiting", dataset: { key: item.key } },
      h("p", { class: "notice-strong" }, waitingText)));
  }
  return result;
}
