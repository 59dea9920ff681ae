// My account: who I am, change my password, sign out.
import { api } from "../api.js";
import { clearProblem, field, h, showProblem } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { account, signOut } from "../session.js";
import { formError, screen } from "../ui.js";

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
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    done.hidden = true;
    try {
      await api("/auth/password", { method: "POST", body: {
        current_password: data.get("current_password"), new_password: data.get("new_password") } });
      form.reset();
      clearProblem(form);
      done.hidden = false;
    } catch (error) {
      showProblem(form, error);
    }
  });
  const out = h("button", { type: "button", class: "secondary", id: "sign-out" }, t("nav.signout"));
  out.addEventListener("click", async () => { await signOut(); await navigate("/", { replace: true }); });
  return screen(t("account.title"),
    h("dl", { class: "facts" },
      h("dt", {}, t("account.name")), h("dd", {}, me.name),
      h("dt", {}, t("account.role")), h("dd", {}, t(`role.${me.role}`)),
      me.phone ? [h("dt", {}, t("account.phone")), h("dd", { dir: "ltr" }, me.phone)] : null,
      me.username ? [h("dt", {}, t("account.username")), h("dd", { dir: "ltr" }, me.username)] : null,
      me.scope ? [h("dt", {}, t("account.scope")), h("dd", {}, me.scope.name)] : null),
    form, out);
}
