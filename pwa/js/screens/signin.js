// Sign in with a phone number (or a staff user name) and password; inside WeChat's browser
// also with WeChat (the official account's page authorisation), when it is set up.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { remember } from "../session.js";
import { inWeChat } from "../platform.js";
import { errorCard, formError, screen } from "../ui.js";
import { goToWeChat, webSignIn } from "../wechat-signin.js";
import { submitting } from "../forms.js";

export default async function signin({ query }) {
  const form = h("form", { class: "card", novalidate: true },
    field(t("signin.login"), h("input", { name: "login", autocomplete: "username", required: true, maxlength: 64,
      inputmode: "text", autocapitalize: "off" })),
    field(t("signin.password"), h("input", { name: "password", type: "password", autocomplete: "current-password",
      required: true, maxlength: 128 })),
    formError(),
    h("button", { type: "submit" }, t("signin.submit")));
  const next = query.get("next");
  submitting(form, async (data) => remember(await api("/auth/sign-in", { method: "POST",
    body: { login: data.get("login").trim(), password: data.get("password") } })),
  { then: () => navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true }) });
  const offered = inWeChat ? await webSignIn() : null;
  let withWeChat = null;
  if (offered) {
    withWeChat = h("button", { type: "button", class: "big wechat", id: "wechat-signin" }, t("wechat.signin"));
    withWeChat.addEventListener("click", () => goToWeChat(offered, "signin")
      .catch((error) => withWeChat.after(errorCard(error))));
  }
  return screen(t("signin.title"), withWeChat, form,
    h("p", {}, t("signin.norider"), " ", h("a", { href: "/register", "data-link": true }, t("nav.register"))));
}
