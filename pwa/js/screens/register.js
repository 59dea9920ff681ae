// A rider registers: name, phone, platform, delivery station, password, consent — coming
// from WeChat sign-in, his WeChat is bound with the new account.
import { api } from "../api.js";
import { field, h, showProblem } from "../dom.js";
import { localName, t } from "../i18n.js";
import { navigate } from "../router.js";
import { remember } from "../session.js";
import { errorCard, formError, PLATFORMS, screen, select } from "../ui.js";
import { registrationTicket } from "../wechat-signin.js";

export default async function register() {
  let stations;
  try {
    stations = await api("/org/nodes", { params: { kind: "delivery_station" } });
  } catch (error) {
    return screen(t("register.title"), errorCard(error));
  }
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
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      remember(await api("/auth/register", { method: "POST", body: {
        name: data.get("name").trim(), phone: data.get("phone"), password: data.get("password"),
        platform: data.get("platform") || null, station_id: Number(data.get("station_id")) || 0,
        consent: data.get("consent") === "on", wechat_token: ticket || null } }));
      registrationTicket.clear();
      await navigate("/", { replace: true });
    } catch (error) {
      // An expired WeChat ticket: register without it (WeChat can be bound later).
      if (error.errors.some((e) => e.field === "wechat_token")) registrationTicket.clear();
      showProblem(form, error);
    }
  });
  return screen(t("register.title"), h("p", {}, t("register.intro")),
    ticket ? h("p", { class: "notice", id: "wechat-note" }, t("wechat.register_note")) : null, form);
}
