// A rider registers: name, phone, platform, delivery station, password, consent — coming
// from WeChat sign-in, his WeChat is bound with the new account.
import { api } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { navigate } from "../router.js";
import { remember } from "../session.js";
import { formError, linkButton, loaded, screen, select } from "../ui.js";
import { registrationTicket } from "../wechat-signin.js";
import { PLATFORMS } from "../vocabulary.js";
import { submitting } from "../forms.js";

export default async function register() {
  const [stations, failed] = await loaded(t("register.title"), () => api("/org/nodes", { params: { kind: "delivery_station" } }));
  if (failed) return failed;
  const platformSelect = select("platform", [["", t("register.platform.choose")],
    ...PLATFORMS.map((p) => [p, t(`platform.${p}`)])], { required: true });
  const stationSelect = h("select", { name: "station_id", required: true });
  const fillStations = () => {
    const platform = platformSelect.value;
    const options = stations.filter((s) => !platform || s.platform === platform);
    stationSelect.replaceChildren(h("option", { value: "" }, t("register.station.choose")),
      ...options.map((s) => h("option", { value: s.id }, localName(s))));
  };
  platformSelect.addEventListener("change", fillStations);
  fillStations();

  const ticket = registrationTicket.get();
  const notice = h("details", { class: "notice" }, h("summary", {}, t("privacy.title")),
    h("p", {}, t("privacy.body")));
  const form = h("form", { class: "card", novalidate: true },
    field(t("register.name"), h("input", { name: "name", autocomplete: "name", required: true, maxlength: 50 })),
    field(t("register.phone"), h("input", { name: "phone", type: "tel", autocomplete: "tel", inputmode: "tel",
      required: true, maxlength: 20 })),
    field(t("register.platform"), platformSelect),
    field(t("register.station"), stationSelect),
    field(t("register.password"), h("input", { name: "password", type: "password", autocomplete: "new-password",
      required: true, minlength: 8, maxlength: 128 })),
    notice,
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "consent" }),
      h("span", {}, t("register.consent"))),
    h("span", { class: "field-error", role: "alert", hidden: true, "data-for": "consent" }),
    formError(),
    h("button", { type: "submit" }, t("register.submit")));
  submitting(form, async (data) => {
    try {
      remember(await api("/auth/register", { method: "POST", body: {
        name: data.get("name").trim(), phone: data.get("phone"), password: data.get("password"),
        platform: data.get("platform") || null, station_id: Number(data.get("station_id")) || 0,
        consent: data.get("consent") === "on", wechat_token: ticket || null } }));
    } catch (error) {
      // An expired WeChat ticket: register without it (WeChat can be bound later).
      if (error.errors.some((e) => e.field === "wechat_token")) registrationTicket.clear();
      throw error;
    }
    registrationTicket.clear();
  }, { then: () => navigate("/", { replace: true }) });
  return screen(t("register.title"), h("p", {}, t("register.intro")),
    ticket ? h("p", { class: "notice", id: "wechat-note" }, t("wechat.register_note")) : null, form,
    ticket ? null : linkButton("/register/resident", t("resident.instead"), { secondary: true }));
}
