// Type the code printed under a poster's QR (when the camera cannot scan it).
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { screen } from "../ui.js";

export function codeForm(initial = "") {
  const input = h("input", { name: "code", value: initial, required: true, maxlength: 40, autocomplete: "off",
    autocapitalize: "characters", spellcheck: "false", dir: "ltr", "aria-label": t("code.label") });
  const form = h("form", { class: "card code-form" },
    h("label", { class: "field" }, h("span", {}, t("code.label")), input),
    h("button", { type: "submit" }, t("code.submit")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const code = input.value.replace(/[\s\-_.]/g, "").toUpperCase();
    if (code) navigate(`/q/${encodeURIComponent(code)}`);
  });
  return form;
}

export default async function code() {
  return screen(t("code.title"), h("p", {}, t("code.intro")), codeForm());
}
