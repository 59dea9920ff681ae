// Staff record a training or talk session and tick the riders who came; each earns the
// "training attended" points once (the monthly cap may make it 0, and the list says so).
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { formError, loaded, screen } from "../ui.js";
import { submitting } from "../forms.js";

const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" });

function sessionCard(session) {
  return h("li", { class: "person", dataset: { id: session.id } },
    h("div", { class: "node-head" }, h("strong", {}, session.title), h("span", { class: "tag" }, session.held_on)),
    h("p", { class: "meta" }, session.attendees.map((a) =>
      `${a.name} ${a.points ? `+${a.points}` : t("points.cap_reached")}`).join(" · ")));
}

export default async function trainingsScreen() {
  const [[riders, sessions], failed] = await loaded(t("home.trainings"), () => Promise.all([
    api("/accounts", { params: { role: "rider", active: true, limit: 100 } }), api("/points/trainings")]));
  if (failed) return failed;
  const form = h("form", { class: "card", id: "training-form", novalidate: true },
    field(t("training.title"), h("input", { name: "title", required: true, maxlength: 60, placeholder: t("training.title.example") })),
    field(t("training.held_on"), h("input", { name: "held_on", type: "date", required: true, value: today(), max: today() })),
    h("fieldset", { class: "chips" }, h("legend", {}, t("training.who")),
      riders.items.map((r) => h("label", { class: "chip" }, h("input", { type: "checkbox", name: "account_ids", value: r.id }),
        h("span", {}, r.name)))),
    h("span", { class: "field-error", role: "alert", hidden: true, dataset: { for: "account_ids" } }),
    formError(), h("button", { type: "submit" }, t("training.submit")));
  submitting(form, async () => {
    const data = new FormData(form);
    const body = { title: data.get("title").trim(), held_on: data.get("held_on"), account_ids: data.getAll("account_ids").map(Number) };
    await api("/points/trainings", { method: "POST", body });
  });
  return screen(t("home.trainings"), h("p", {}, t("training.intro")), form,
    sessions.length ? h("section", {}, h("h2", {}, t("training.recent")), h("ul", { class: "people", id: "sessions" }, sessions.map(sessionCard))) : null);
}
