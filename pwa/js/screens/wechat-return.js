// Back from WeChat's authorisation page with a code: sign in (a new WeChat user goes on to
// register, his WeChat bound with the account) or bind WeChat to the signed-in account.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { remember } from "../session.js";
import { errorCard, linkButton, screen } from "../ui.js";
import { cameBackFor, registrationTicket } from "../wechat-signin.js";

export default async function wechatReturn({ query }) {
  const code = query.get("code");
  const back = cameBackFor(query);
  if (!code || !back) {
    return screen(t("wechat.title"), h("p", { class: "notice-strong", role: "alert" }, t("wechat.failed")),
      linkButton("/signin", t("nav.signin")));
  }
  try {
    const body = { code, source: "official_account", state: back.state };
    if (back.purpose === "bind") {
      await api("/wechat/binding", { method: "POST", body });
      await navigate("/account", { replace: true });
      return screen(t("wechat.title"));
    }
    const answer = await api("/wechat/session", { method: "POST", body });
    if (answer.registered) {
      remember(answer.signed_in);
      await navigate("/", { replace: true });
    } else {
      registrationTicket.set(answer.registration_token);
      await navigate("/register", { replace: true });
    }
    return screen(t("wechat.title"));
  } catch (error) {
    return screen(t("wechat.title"), errorCard(error), linkButton("/signin", t("nav.signin")));
  }
}
