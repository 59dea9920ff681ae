// A rider's "what can I do now" (/tasks): the "free now" switch (我现在没单), help requests
// offered while he is free, and small tasks of his scope — nearest first once the phone
// shares its position.
import { api } from "../api.js";
import { beijingMark } from "../beijing.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { formError, loaded, screen } from "../ui.js";
import { helpCard, when } from "../volunteer-ui.js";
import { submitting } from "../forms.js";

function freeSwitch(state) {
  const form = h("form", { class: "card", id: "free-form" },
    h("p", { class: "lead", id: "free-state" }, state.free_until ? t("free.until", { time: when(state.free_until) }) : t("free.busy")),
    state.free_until && state.in_peak && !state.peak_ok ? h("p", { class: "notice-strong" }, t("free.peak")) : null,
    h("div", { class: "actions" }, [15, 30, 60].map((m) => h("button", { type: "submit", name: "minutes", value: m,
      class: "secondary", dataset: { minutes: m } }, t("free.for", { minutes: m }))),
    state.free_until ? h("button", { type: "submit", name: "minutes", value: 0, class: "secondary", dataset: { minutes: 0 } }, t("free.stop")) : null),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "peak_ok", checked: state.peak_ok }), t("free.peak_ok")),
    formError());
  submitting(form, async (data, event) => {
    const minutes = Number(event.submitter?.value ?? 30);
    await api("/me/availability", { method: "PUT", body: { minutes, peak_ok: form.peak_ok.checked } });
  });
  return form;
}

function taskCard(task) {
  const form = h("form", { class: "actions" },
    task.unit === "units" ? h("input", { type: "number", name: "units", min: 1, max: task.left, value: Math.min(20, task.left),
      "aria-label": t("task.units"), class: "units" }) : null,
    h("button", { type: "submit" }, t("task.claim")), formError());
  submitting(form, () => api(`/tasks/${task.id}/claims`, { method: "POST", body: { units: Number(form.units?.value || 1) } }),
    { then: () => navigate("/tasks/mine") });
  return h("li", { class: "wish-card", dataset: { task: task.id } },
    h("h3", {}, task.title), h("p", { class: "meta" }, `${t(`task.kind.${task.kind}`)} · ${t("task.left", { n: task.left })}`
      + ` · +${task.points} · ${t("task.until", { time: when(task.ends_at) })} (${beijingMark()})${task.distance_km !== null ? ` · ${task.distance_km} km` : ""}`),
    task.instructions ? h("p", {}, task.instructions) : null,
    h("p", { class: "meta" }, t(`task.proof.${task.proof}`)), form);
}

export default async function tasksScreen({ query }) {
  const lat = query.get("lat"), lng = query.get("lng");
  const [[state, offered, tasks], failed] = await loaded(t("home.tasks"), () => Promise.all([api("/me/availability"),
    api("/help-requests/offered"), api("/tasks", { params: { lat, lng } })]));
  if (failed) return failed;
  const locate = h("button", { type: "button", class: "secondary", id: "near-me" }, t("task.near_me"));
  locate.addEventListener("click", () => navigator.geolocation?.getCurrentPosition(
    (p) => navigate(`/tasks?lat=${p.coords.latitude.toFixed(5)}&lng=${p.coords.longitude.toFixed(5)}`), () => {}));
  return screen(t("home.tasks"), freeSwitch(state),
    h("section", {}, h("h2", {}, t("help.offered")),
      offered.length ? h("ul", { class: "wishes", id: "offered-help" }, offered.map((help) => {
        const take = h("button", { type: "button", dataset: { claim: help.id } }, t("help.claim"));
        const problem = formError();
        take.addEventListener("click", async () => {
          try { await api(`/help-requests/${help.id}/claim`, { method: "POST" }); await navigate(`/help/${help.id}`); }
          catch (error) { problem.textContent = error.message; problem.hidden = false; }
        });
        return helpCard(help, take, problem);
      })) : h("p", { id: "no-help" }, state.offered ? t("help.none") : t("help.when_free"))),
    h("section", {}, h("h2", {}, t("task.open")), locate,
      tasks.length ? h("ul", { class: "wishes", id: "open-tasks" }, tasks.map(taskCard)) : h("p", {}, t("task.none"))));
}
