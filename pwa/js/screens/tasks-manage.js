// Staff post small tasks for the riders of their scope (/tasks/manage) and confirm or
// reject what riders sent for them.
import { api } from "../api.js";
import { beijingInput, beijingLabel, beijingMark, fromBeijingInput } from "../beijing.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { formError, loaded, screen, select } from "../ui.js";
import { when } from "../volunteer-ui.js";
import { TASK_KINDS } from "../vocabulary.js";
import { submitting } from "../forms.js";

function postForm() {
  const now = new Date();
  const form = h("form", { class: "card", id: "task-form", novalidate: true },
    h("h2", {}, t("task.post")),
    field(t("task.kind"), select("kind", TASK_KINDS.map((k) => [k, t(`task.kind.${k}`)]))),
    field(t("task.title"), h("input", { name: "title", required: true, maxlength: 60 })),
    field(t("task.instructions"), h("textarea", { name: "instructions", maxlength: 1000 })),
    field(t("task.area"), h("input", { name: "area", maxlength: 100 })),
    field(beijingLabel(t("task.starts")), h("input", { type: "datetime-local", name: "starts_at", value: beijingInput(now), required: true })),
    field(beijingLabel(t("task.ends")), h("input", { type: "datetime-local", name: "ends_at",
      value: beijingInput(new Date(now.getTime() + 8 * 3600e3)), required: true })),
    field(t("task.unit"), select("unit", [["riders", t("task.unit.riders")], ["units", t("task.unit.units")]])),
    field(t("task.quota"), h("input", { type: "number", name: "quota", min: 1, max: 100000, value: 5, required: true })),
    field(t("task.points"), h("input", { type: "number", name: "points", min: 0, max: 1000, value: 10, required: true })),
    field(t("task.proof"), select("proof", ["photo", "number", "text", "scan"].map((p) => [p, t(`task.proof.${p}`)]))),
    formError(), h("button", { type: "submit" }, t("task.post")));
  submitting(form, async () => {
    const data = Object.fromEntries(new FormData(form));
    const body = { ...data, quota: Number(data.quota), points: Number(data.points),
      starts_at: fromBeijingInput(data.starts_at), ends_at: fromBeijingInput(data.ends_at) };
    await api("/tasks", { method: "POST", body });
  });
  return form;
}

function shareRow(share) {
  const reason = h("input", { name: "reason", maxlength: 200, placeholder: t("task.reject_reason"), "aria-label": t("task.reject_reason") });
  const problem = formError();
  const act = (action) => async () => {
    try { await api(`/task-shares/${share.id}/${action}`, { method: "POST", body: action === "reject" ? { reason: reason.value } : {} }); await render(); }
    catch (error) { problem.textContent = error.message; problem.hidden = false; }
  };
  return h("li", { class: "person", dataset: { share: share.id, status: share.status } },
    h("p", {}, `${share.rider} · ${share.units} · ${t(`task.status.${share.status}`)}`),
    share.proof_photo_url ? h("img", { src: share.proof_photo_url, alt: "", class: "wish-thumb" }) : null,
    share.proof_number !== null ? h("p", {}, String(share.proof_number)) : null,
    share.proof_text ? h("p", {}, share.proof_text) : null,
    share.status === "submitted" ? h("div", { class: "actions" },
      h("button", { type: "button", onclick: act("confirm") }, t("task.confirm")), reason,
      h("button", { type: "button", class: "secondary", onclick: act("reject") }, t("task.reject")), problem) : null);
}

// The station head's peak windows ("11:00-13:30, 17:00-19:30"): no help is offered then.
async function peaksForm(stationId) {
  const { windows } = await api(`/stations/${stationId}/peaks`);
  const form = h("form", { class: "card", id: "peaks-form" },
    field(t("peaks.label"), h("input", { name: "windows", value: windows.map((w) => w.join("-")).join(", ") })),
    h("p", { class: "meta" }, t("peaks.hint")), formError(), h("button", { type: "submit", class: "secondary" }, t("peaks.save")));
  submitting(form, async () => {
    const parsed = form.windows.value.split(/[,，\s]+/).filter(Boolean).map((part) => part.split("-"));
    await api(`/stations/${stationId}/peaks`, { method: "PUT", body: { windows: parsed } });
  });
  return form;
}

export default async function tasksManage() {
  const me = account();
  const [[tasks, peaks], failed] = await loaded(t("home.tasks_manage"), () => Promise.all([api("/tasks"),
    me.role === "station_head" && me.scope ? peaksForm(me.scope.id) : null]));
  if (failed) return failed;
  const shares = await Promise.all(tasks.map((task) => api(`/tasks/${task.id}/shares`).catch(() => [])));
  return screen(t("home.tasks_manage"), postForm(), peaks,
    h("ul", { class: "people", id: "posted-tasks" }, tasks.map((task, i) => h("li", { class: "node", dataset: { task: task.id } },
      h("div", { class: "node-head" }, h("strong", {}, task.title), h("span", { class: "tag" }, t(`task.kind.${task.kind}`)),
        h("span", { class: "tag" }, `${task.taken}/${task.quota}`), h("span", { class: "meta" }, `${when(task.starts_at)} – ${when(task.ends_at)} (${beijingMark()})`)),
      shares[i].length ? h("ul", { class: "people" }, shares[i].map(shareRow)) : null))));
}
