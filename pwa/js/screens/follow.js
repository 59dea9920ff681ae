// A report followed through its private link (/follow/:ref), no account needed: what became
// of it — status, the community's replies, before and after — and, once resolved, the
// sender's "fixed" or "not fixed". Signed in, he can take it into "my reports".
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { beforeAfter, history, overdueTag, statusTag, when } from "../reports-ui.js";
import { errorCard, loaded, screen } from "../ui.js";
import { photoButton } from "../viewer.js";

function answerButtons(ref, report) {
  if (!report.can.includes("fixed")) return null;
  const problem = h("div");
  const answer = (fixed) => async () => {
    try { await api(`/follow/${ref}/answer`, { method: "POST", body: { fixed } }); await render(); }
    catch (error) { problem.replaceChildren(errorCard(error)); }
  };
  return h("section", { class: "card", id: "follow-answer" }, h("p", {}, t("follow.ask_fixed")),
    h("div", { class: "actions" },
      h("button", { type: "button", id: "answer-fixed", onclick: answer(true) }, t("report.action.fixed")),
      h("button", { type: "button", class: "secondary", id: "answer-not-fixed", onclick: answer(false) },
        t("report.action.not_fixed"))), problem);
}

function adoptButton(ref, report) {
  if (!account() || report.is_mine) return null;
  const problem = h("div");
  const button = h("button", { type: "button", class: "secondary", id: "adopt" }, t("follow.adopt"));
  button.addEventListener("click", async () => {
    try { await api(`/follow/${ref}/adopt`, { method: "POST" }); await render(); }
    catch (error) { problem.replaceChildren(errorCard(error)); }
  });
  return h("div", {}, button, problem);
}

export default async function follow({ params }) {
  const ref = encodeURIComponent(params.ref);
  const [report, failed] = await loaded(t("follow.title"), () => api(`/follow/${ref}`));
  if (failed) return failed;
  const viewed = report.photos.map((p) => ({ url: p.url, label: t(`report.photo.${p.stage}`) }));
  return screen(`#${report.id} ${report.place_name}`,
    h("p", { class: "node-head", id: "follow-status" }, statusTag(report), overdueTag(report),
      h("span", { class: "tag" }, t(`report.category.${report.category}`))),
    h("p", { class: "meta" }, t("report.reported"), " ", when(report.created_at)),
    report.description ? h("p", { class: "lead" }, report.description) : null,
    answerButtons(ref, report),
    beforeAfter(report, viewed),
    h("ul", { class: "photos" }, report.photos.map((p, i) => h("li", {},
      photoButton(viewed, i, p.thumb_url), h("span", { class: "meta" }, t(`report.photo.${p.stage}`))))),
    history(report),
    adoptButton(ref, report));
}
