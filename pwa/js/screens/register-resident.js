// A resident signs up himself (/register/resident): name, phone, his community, a password
// and consent — to claim wishes and ask for help at home as himself. Riders register on
// /register; one phone is one account.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { navigate } from "../router.js";
import { remember } from "../session.js";
import { formError, linkButton, loaded, screen, select } from "../ui.js";
import { submitting } from "../forms.js";

export default async function registerResident() {
  const [communities, failed] = await loaded(t("resident.title"), () => api("/org/nodes", { params: { kind: "community" } }));
  if (failed) return failed;
  const form = h("form", { class: "card", novalidate: true, id: "resident-form" },
    field(t("register.name"), h("input", { name: "name", autocomplete: "name", required: true, maxlength: 50 })),
    field(t("register.phone"), h("input", { name: "phone", type: "tel", autocomplete: "tel", inputmode: "tel",
      required: true, maxlength: 20 })),
    field(t("resident.community"), select("community_id", [["", t("resident.community.choose")],
      ...communities.map((c) => [String(c.id), localName(c)])], { required: true })),
    field(t("register.password"), h("input", { name: "password", type: "password", autocomplete: "new-password",
      required: true, minlength: 8, maxlength: 128 })),
    h("details", { class: "notice" }, h("summary", {}, t("privacy.title")), h("p", {}, t("privacy.body"))),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "consent" }), h("span", {}, t("register.consent"))),
    h("span", { class: "field-error", role: "alert", hidden: true, "data-for": "consent" }),
    formError(),
    h("button", { type: "submit" }, t("register.submit")));
  submitting(form, async (data) => remember(await api("/auth/register-resident", { method: "POST", body: {
    name: data.get("name").trim(), phone: data.get("phone"), password: data.get("password"),
    community_id: Number(data.get("community_id")) || 0, consent: data.get("consent") === "on" } })),
  { then: () => navigate("/", { replace: true }) });
  return screen(t("resident.title"), h("p", {}, t("resident.intro")), form,
    linkButton("/register", t("resident.rider_instead"), { secondary: true }));
}
