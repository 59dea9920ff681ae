// A rider's own (/tasks/mine): the help he holds, his task shares with the proof each asks
// for, his volunteer hours and a certificate for a period.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { formError, linkButton, loaded, screen } from "../ui.js";
import { helpCard } from "../volunteer-ui.js";
import { submitting } from "../forms.js";

const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" });

function proofForm(share, task) {
  const input = {
    photo: h("input", { type: "file", name: "photo", accept: "image/*", capture: "environment", required: true }),
    number: h("input", { type: "number", name: "number", min: 0, required: true, inputmode: "numeric" }),
    text: h("textarea", { name: "text", maxlength: 500, required: true }),
    scan: h("input", { name: "code", required: true, autocomplete: "off" }),
  }[task.proof];
  const form = h("form", { class: "inline-form", dataset: { proof: share.id } },
    field(t(`task.proof.${task.proof}`), input),
    task.proof !== "text" ? field(t("task.note"), h("input", { name: "text", maxlength: 500 })) : null,
    formError(), h("button", { type: "submit" }, t("task.send")));
  submitting(form, async () => {
    await api(`/task-shares/${share.id}/proof`, { method: "POST", file: new FormData(form) });
  });
  return form;
}

export default async function myTasks() {
  const [[shares, held, hours, tasks], failed] = await loaded(t("home.mytasks"), async () => {
    const [mine, helps, counted] = await Promise.all([api("/task-shares/mine"), api("/help-requests"), api("/volunteer/me")]);
    const claimed = [...new Set(mine.filter((s) => s.status === "claimed").map((s) => s.task_id))];
    return [mine, helps, counted, Object.fromEntries(await Promise.all(claimed.map(async (id) => [id, await api(`/tasks/${id}`)])))];
  });
  if (failed) return failed;
  const certificate = h("form", { class: "card", id: "certificate-form" },
    h("h2", {}, t("hours.certificate")),
    field(t("dashboard.from"), h("input", { type: "date", name: "first_day", value: `${today().slice(0, 4)}-01-01`, required: true })),
    field(t("dashboard.to"), h("input", { type: "date", name: "last_day", value: today(), max: today(), required: true })),
    formError(), h("button", { type: "submit" }, t("hours.issue")));
  submitting(certificate, async () => {
    const made = await api("/volunteer/certificates", { method: "POST", body: Object.fromEntries(new FormData(certificate)) });
    await navigate(`/volunteer/certificate/${made.code}`);
  }, { then: null });
  const live = held.filter((x) => x.status === "claimed");
  return screen(t("home.mytasks"),
    h("section", { class: "card", id: "hours" }, h("p", { class: "points" }, t("hours.total", { hours: hours.hours })),
      h("p", { class: "meta" }, t("hours.counts", { tasks: hours.tasks, helps: hours.helps }))),
    live.length ? h("section", {}, h("h2", {}, t("help.holding")), h("ul", { class: "wishes" },
      live.map((x) => helpCard(x, linkButton(`/help/${x.id}`, t("help.open")))))) : null,
    h("section", {}, h("h2", {}, t("task.mine")), shares.length ? h("ul", { class: "wishes", id: "my-shares" },
      shares.map((s) => h("li", { class: "wish-card", dataset: { share: s.id, status: s.status } },
        h("h3", {}, s.task_title), h("p", { class: "tag" }, t(`task.status.${s.status}`)),
        s.reason ? h("p", {}, s.reason) : null, s.minutes ? h("p", { class: "meta" }, t("hours.minutes", { n: s.minutes })) : null,
        s.status === "claimed" && tasks[s.task_id] ? proofForm(s, tasks[s.task_id]) : null))) : h("p", {}, t("task.none_mine"))),
    certificate);
}
