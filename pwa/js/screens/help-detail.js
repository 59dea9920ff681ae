// One help request (/help/{id}): the rider holding it sees the address, the phone and the
// code to show when done, and can give it back with a reason; the community's worker types
// the code for the beneficiary (or confirms by phone) and writes down his thanks.
import { api } from "../api.js";
import { field, h, showProblem } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { errorCard, formError, screen } from "../ui.js";
import { helpCard } from "../volunteer-ui.js";

function small(action, fields, button, { secondary = false } = {}) {
  const form = h("form", { class: "inline-form", dataset: { action } }, ...fields, formError(),
    h("button", { type: "submit", class: secondary ? "secondary" : null }, button));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (data.minutes) data.minutes = Number(data.minutes); else delete data.minutes;
    try { await api(action, { method: "POST", body: data }); await render(); } catch (error) { showProblem(form, error); }
  });
  return form;
}

export default async function helpDetail({ params }) {
  let help;
  try { help = await api(`/help-requests/${params.id}`); } catch (error) { return screen(t("help.title"), errorCard(error)); }
  const me = account();
  const base = `/help-requests/${help.id}`;
  const staff = ["admin", "community_worker"].includes(me.role);
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
