// One help request (/help/{id}): the rider holding it sees the address, the phone and the
// code to show when done, and can give it back with a reason; the community's worker types
// the code for the beneficiary (or confirms by phone) and writes down his thanks.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { account } from "../session.js";
import { formError, loaded, screen } from "../ui.js";
import { helpCard } from "../volunteer-ui.js";
import { TRIAGERS } from "../vocabulary.js";
import { submitting } from "../forms.js";

function small(action, fields, button, { secondary = false } = {}) {
  const form = h("form", { class: "inline-form", dataset: { action } }, ...fields, formError(),
    h("button", { type: "submit", class: secondary ? "secondary" : null }, button));
  submitting(form, async () => {
    const data = Object.fromEntries(new FormData(form));
    if (data.minutes) data.minutes = Number(data.minutes); else delete data.minutes;
    await api(action, { method: "POST", body: data });
  });
  return form;
}

export default async function helpDetail({ params }) {
  const [help, failed] = await loaded(t("help.title"), () => api(`/help-requests/${params.id}`));
  if (failed) return failed;
  const me = account();
  const base = `/help-requests/${help.id}`;
  const staff = TRIAGERS.includes(me.role);
  const actions = [];
  if (help.mine && help.status === "claimed") {
    actions.push(h("p", { class: "lead" }, t("help.show_code")),
      small(`${base}/give-back`, [field(t("help.reason"), h("input", { name: "reason", required: true, maxlength: 200 }))],
        t("help.give_back"), { secondary: true }));
  }
  if (help.status === "claimed" && (staff || me.role === "resident")) {
    actions.push(small(`${base}/confirm`, [field(t("help.code"), h("input", { name: "code", inputmode: "numeric",
      maxlength: 6, required: true, autocomplete: "off" }))], t("help.confirm")));
    if (staff) actions.push(small(`${base}/confirm-by-phone`, [field(t("help.minutes"), h("input", { name: "minutes",
      type: "number", min: 1, max: 600 }))], t("help.by_phone"), { secondary: true }));
  }
  if (help.status === "done" && !help.thanks && (staff || me.role === "resident")) {
    actions.push(small(`${base}/thanks`, [field(t("help.thanks"), h("input", { name: "thanks", required: true, maxlength: 200 }))],
      t("help.send_thanks"), { secondary: true }));
  }
  return screen(t("help.title"), h("ul", { class: "wishes", id: "help-detail" }, helpCard(help)), ...actions);
}
