// 微心愿: a rider posts a small wish on this place's wall (kept on the phone until sent,
// like a report). Staff use the same form to write a wish down for a rider at a talk session.
import { csrf, newKey } from "../api.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { photoInputAttributes } from "../platform.js";
import { sendFromForm } from "../sending.js";
import { account } from "../session.js";
import { linkButton, screen, select } from "../ui.js";

import { shrink } from "./report.js";
import { MANAGERS, WISH_CATEGORIES, WISH_WRITERS } from "../vocabulary.js";


export default async function wishScreen(found) {
  const me = account();
  const title = `${t("place.action.wish")} · ${localName(found.place)}`;
  if (!me || !WISH_WRITERS.includes(me.role)) {
    const next = encodeURIComponent(location.pathname);
    return screen(title, h("p", { class: "lead" }, t("wish.signin_first")),
      me ? null : h("nav", { class: "menu" }, linkButton(`/signin?next=${next}`, t("nav.signin")),
        linkButton("/register", t("nav.register"), { secondary: true })),
      linkButton(`/q/${found.code}/wall`, t("place.action.wall"), { secondary: true }));
  }
  const onBehalf = MANAGERS.includes(me.role);
  let photo = null;
  const preview = h("div", { class: "previews" });
  const camera = h("input", { ...photoInputAttributes(), class: "visually-hidden", id: "wish-photo" });
  camera.addEventListener("change", async () => {
    if (!camera.files.length) return;
    try { photo = await shrink(camera.files[0]); } catch (error) { status.textContent = t("report.photo.bad"); return; }
    const remove = h("button", { type: "button", class: "small secondary", "aria-label": t("report.photo.remove") }, "✕");
    remove.addEventListener("click", () => { photo = null; preview.replaceChildren(); });
    preview.replaceChildren(h("img", { src: URL.createObjectURL(photo), alt: t("report.photo.preview", { n: 1 }) }), remove);
    camera.value = "";
  });
  const status = h("p", { class: "send-status", role: "status" });
  const chips = h("fieldset", { class: "chips" }, h("legend", {}, t("wish.category")),
    WISH_CATEGORIES.map((c, i) => h("label", { class: "chip" },
      h("input", { type: "radio", name: "category", value: c, checked: i === 0 }), h("span", {}, t(`wish.category.${c}`)))));
  const form = h("form", { class: "card", novalidate: true },
    onBehalf ? h("p", { class: "meta" }, t("wish.on_behalf")) : null,
    onBehalf ? field(t("wish.rider_phone"), h("input", { name: "rider_phone", type: "tel", inputmode: "tel", maxlength: 20 })) : null,
    onBehalf ? field(t("wish.rider_name"), h("input", { name: "rider_name", maxlength: 50 })) : null,
    onBehalf ? field(t("wish.source"), select("source", [["talk_session", t("wish.source.talk_session")],
      ["listening_point", t("wish.source.listening_point")]])) : null,
    chips,
    field(t("wish.title"), h("input", { name: "title", required: true, maxlength: 40, placeholder: t("wish.title.example") })),
    field(t("wish.description"), h("textarea", { name: "description", maxlength: 500, rows: 3 })),
    field(t("wish.needed_by"), h("input", { name: "needed_by", type: "date" })),
    h("div", {}, h("label", { for: "wish-photo", class: "button secondary" }, t("wish.photo")), camera), preview,
    status, h("button", { type: "submit", class: "big" }, t("wish.submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name) => (data.get(name) || "").trim();
    if (!text("title")) { status.textContent = t("wish.title_needed"); return; }
    const item = { kind: "wish", key: newKey(), code: found.code, category: data.get("category") || "other",
      title: text("title"), description: text("description"), needed_by: text("needed_by"),
      rider_name: text("rider_name"), rider_phone: text("rider_phone"), source: onBehalf ? text("source") : "",
      photos: photo ? [photo] : [], csrf: csrf(), created: Date.now() };
    await sendFromForm(form, status, item, {
      sentText: onBehalf ? t("wish.sent_published") : t("wish.sent"), waitingText: t("wish.waiting"),
      after: linkButton(onBehalf ? `/q/${found.code}/wall` : "/wishes/mine", onBehalf ? t("place.action.wall") : t("home.mywishes")) });
  });
  return screen(title, h("p", {}, t("wish.intro")), form);
}
