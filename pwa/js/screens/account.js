// My account: who I am, my WeChat, change my password, my data, leave, sign out.
import { api } from "../api.js";
import { field, h, showProblem } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { account, signOut } from "../session.js";
import { inWeChat } from "../platform.js";
import { errorCard, formError, screen } from "../ui.js";
import { goToWeChat, webSignIn } from "../wechat-signin.js";
import { submitting } from "../forms.js";

// Bound: say so, with "unbind". Not bound: inside WeChat, "bind"; elsewhere, where to do it.
async function wechatCard() {
  let bound;
  try { bound = (await api("/wechat/binding")).bound; } catch (error) { return null; }
  const card = h("section", { class: "card", id: "wechat" }, h("h2", {}, t("account.wechat")));
  const status = h("p", {}, t(bound ? "account.wechat.bound" : "account.wechat.unbound"));
  card.append(status);
  if (bound) {
    const unbind = h("button", { type: "button", class: "secondary" }, t("account.wechat.unbind"));
    unbind.addEventListener("click", async () => {
      if (!confirm(t("account.wechat.unbind_confirm"))) return;
      try { await api("/wechat/binding", { method: "DELETE" }); card.replaceWith(await wechatCard() || ""); }
      catch (error) { showProblem(card, error); }
    });
    card.append(unbind);
    return card;
  }
  const offered = inWeChat ? await webSignIn() : null;
  if (offered) {
    const bind = h("button", { type: "button" }, t("account.wechat.bind"));
    bind.addEventListener("click", () => goToWeChat(offered, "bind").catch((error) => bind.after(errorCard(error))));
    card.append(bind);
  } else {
    card.append(h("p", { class: "meta" }, t("account.wechat.open_in_wechat")));
  }
  return card;
}

export default async function accountScreen() {
  const me = account();
  const done = h("p", { class: "ok", role: "status", hidden: true }, t("account.password.changed"));
  const form = h("form", { class: "card", novalidate: true },
    h("h2", {}, t("account.password")),
    field(t("account.password.current"), h("input", { name: "current_password", type: "password",
      autocomplete: "current-password", required: true, maxlength: 128 })),
    field(t("account.password.new"), h("input", { name: "new_password", type: "password",
      autocomplete: "new-password", required: true, minlength: 8, maxlength: 128 })),
    formError(), done,
    h("button", { type: "submit" }, t("account.password.submit")));
  submitting(form, async (data) => {
    done.hidden = true;
    await api("/auth/password", { method: "POST", body: {
      current_password: data.get("current_password"), new_password: data.get("new_password") } });
    form.reset();
    done.hidden = false;
  }, { then: null });
  // What Yizhan holds about me (a JSON file), and leaving: the password confirms it.
  const mine = h("a", { class: "button secondary", href: "/api/v1/me/data", download: "yizhan-my-data.json",
    id: "my-data" }, t("account.data"));
  const leave = h("form", { class: "card", novalidate: true, id: "delete-account" },
    h("h2", {}, t("account.delete")), h("p", { class: "meta" }, t("account.delete.help")),
    field(t("account.password.current"), h("input", { name: "password", type: "password",
      autocomplete: "current-password", required: true, maxlength: 128 })),
    formError(), h("button", { type: "submit", class: "secondary" }, t("account.delete")));
  submitting(leave, async () => {
    if (!confirm(t("account.delete.confirm"))) return;
    await api("/me/delete", { method: "POST", body: { password: new FormData(leave).get("password") } });
    await signOut().catch(() => {});
    await navigate("/", { replace: true });
  }, { then: null });
  const out = h("button", { type: "button", class: "secondary", id: "sign-out" }, t("nav.signout"));
  out.addEventListener("click", async () => { await signOut(); await navigate("/", { replace: true }); });
  return screen(t("account.title"),
    h("dl", { class: "facts" },
      h("dt", {}, t("account.name")), h("dd", {}, me.name),
      h("dt", {}, t("account.role")), h("dd", {}, t(`role.${me.role}`)),
      me.phone ? [h("dt", {}, t("account.phone")), h("dd", { dir: "ltr" }, me.phone)] : null,
      me.username ? [h("dt", {}, t("account.username")), h("dd", { dir: "ltr" }, me.username)] : null,
      me.scope ? [h("dt", {}, t("account.scope")), h("dd", {}, me.scope.name)] : null),
    await wechatCard(), form, mine, leave, out);
}
