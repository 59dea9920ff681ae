// The community's work group (社区工作群): connect its WeCom or DingTalk robot, choose what
// it is told and its quiet hours, send a test message.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { account } from "../session.js";
import { render } from "../router.js";
import { formError, loaded, screen, select } from "../ui.js";
import { submitting } from "../forms.js";

const KINDS = ["report_submitted", "report_overdue", "report_escalated", "report_came_back", "wish_submitted",
  "wish_claim_news"];

function groupForm(communityId) {
  const form = h("form", { class: "inline-form", id: "group-form", novalidate: true },
    field(t("groups.kind"), select("kind", [["wecom", t("groups.kind.wecom")], ["dingtalk", t("groups.kind.dingtalk")]])),
    field(t("groups.url"), h("input", { name: "url", type: "url", required: true, maxlength: 500, dir: "ltr",
      placeholder: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…", autocapitalize: "off" })),
    field(t("groups.secret"), h("input", { name: "secret", maxlength: 200, dir: "ltr", autocapitalize: "off" })),
    h("fieldset", {}, h("legend", {}, t("groups.kinds")), KINDS.map((kind) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "kinds", value: kind,
        checked: ["report_submitted", "report_overdue", "report_escalated", "wish_submitted"].includes(kind) }),
      " ", t(`notifications.kind.${kind}`)))),
    field(t("groups.quiet_from"), h("input", { name: "quiet_from", type: "time" })),
    field(t("groups.quiet_until"), h("input", { name: "quiet_until", type: "time" })),
    formError(), h("button", { type: "submit" }, t("groups.add")));
  submitting(form, async () => {
    const data = new FormData(form);
    const body = { kind: data.get("kind"), url: data.get("url").trim(), secret: data.get("secret").trim(),
      kinds: data.getAll("kinds"), quiet_from: data.get("quiet_from") || "", quiet_until: data.get("quiet_until") || "" };
    await api(`/notifications/groups/community/${communityId}`, { method: "POST", body });
  });
  return form;
}

function groupRow(group) {
  const answer = h("span", { class: "test-answer", role: "status" });
  const test = h("button", { type: "button", class: "small secondary" }, t("groups.test"));
  test.addEventListener("click", async () => {
    answer.textContent = "…";
    try {
      const sent = await api(`/notifications/groups/${group.id}/test`, { method: "POST" });
      answer.textContent = sent.ok ? t("groups.test_ok") : t("groups.test_failed", { answer: sent.answer });
      answer.className = sent.ok ? "test-answer ok" : "test-answer warn";
    } catch (error) { answer.textContent = error.message; }
  });
  const toggle = h("button", { type: "button", class: "small secondary" },
    group.is_active ? t("org.deactivate") : t("org.activate"));
  toggle.addEventListener("click", async () => {
    await api(`/notifications/groups/${group.id}`, { method: "PATCH", body: { is_active: !group.is_active } })
      .catch(() => {});
    await render();
  });
  const quiet = group.quiet_from ? t("groups.quiet", { from: group.quiet_from, until: group.quiet_until }) : "";
  return h("li", { class: group.is_active ? "person" : "person inactive", dataset: { group: group.id } },
    h("div", { class: "node-head" }, h("strong", {}, t(`groups.kind.${group.kind}`)),
      h("span", { class: "tag", dir: "ltr" }, group.url_shown), quiet ? h("span", { class: "tag" }, quiet) : null),
    h("p", {}, group.kinds.map((k) => t(`notifications.kind.${k}`)).join(" · ")),
    h("div", { class: "actions" }, test, toggle), answer);
}

export default async function groups({ query }) {
  const me = account();
  const [communities, failed] = await loaded(t("home.groups"), () => api("/org/nodes", { params: { kind: "community" } }));
  if (failed) return failed;
  const mine = me.scope && me.scope.kind === "community" ? me.scope.id : null;
  const chosen = Number(query.get("community")) || mine || (communities[0] && communities[0].id);
  const picker = select("community", communities.map((c) => [String(c.id), localName(c)]), { value: String(chosen) });
  picker.addEventListener("change", () => { history.replaceState(null, "", `/groups?community=${picker.value}`); render(); });
  const [list, notLoaded] = await loaded(t("home.groups"), () => api(`/notifications/groups/community/${chosen}`),
    field(t("groups.community"), picker));
  if (notLoaded) return notLoaded;
  return screen(t("home.groups"), h("p", { class: "lead" }, t("groups.intro")),
    field(t("groups.community"), picker),
    list.length ? h("ul", { class: "people" }, list.map(groupRow)) : h("p", {}, t("groups.none")),
    h("section", { class: "card" }, h("h2", {}, t("groups.add")), groupForm(chosen)));
}
