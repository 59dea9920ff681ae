// 随手拍: photograph a problem at this place and send it. Photos are shrunk on the phone
// (≤ 1,600 px JPEG, no location data) before upload; the report is kept on the phone until
// the server has it, so it survives a dead network.
import { api, csrf, newKey } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { sendFromForm } from "../sending.js";
import { photoInputAttributes } from "../platform.js";
import { account } from "../session.js";
import { keepLinkButtons, linkButton, screen } from "../ui.js";
import { keepFollowLink } from "../follow-links.js";

const MAX_PHOTOS = 4;
const MAX_SIDE = 1600;

// The photo decoded upright: createImageBitmap where it takes the orientation option, else
// an <img> (browsers draw it by its EXIF orientation; older WeChat browsers lack the former).
async function uprightImage(file) {
  try {
    return await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch (error) {
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      return img;
    } finally { URL.revokeObjectURL(url); }
  }
}

export async function shrink(file) {
  // The canvas copy carries no EXIF at all, so no GPS leaves the phone.
  const image = await uprightImage(file);
  const width = image.naturalWidth || image.width, height = image.naturalHeight || image.height;
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  if (image.close) image.close();
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
}

const OFFLINE_CATEGORIES = ["sanitation", "safety_hazard", "fire_risk", "broken_facility", "street_light", "traffic", "other"];

// After sending: the report's number and its private follow link — to keep, as a link, a
// file or a picture of its QR; a guest's is also kept on the phone, for his account later.
function followCard(sent, me) {
  if (!sent?.follow_url) return me ? linkButton("/reports/mine", t("home.myreports")) : null;
  const path = new URL(sent.follow_url).pathname;
  if (!me) keepFollowLink(path);
  return h("section", { class: "follow-card", id: "follow-card" },
    h("p", { class: "points" }, t("follow.number", { id: sent.id })),
    h("p", {}, t("follow.keep")),
    h("p", { class: "private-link", dir: "ltr" }, h("a", { href: path, "data-link": true, id: "private-link" }, sent.follow_url)),
    keepLinkButtons(sent.follow_url, t("follow.number", { id: sent.id }), `yizhan-report-${sent.id}.txt`),
    h("img", { src: `/api/v1${path}/qr.svg`, alt: t("follow.qr"), class: "follow-qr",
      width: 160, height: 160 }),
    me ? linkButton("/reports/mine", t("home.myreports"), { secondary: true }) : null);
}

export default async function reportScreen(found) {
  const me = account();
  let categories = [];
  try { categories = await api("/report-categories"); } catch (error) { /* offline: the usual ones, below */ }
  // Never fetched and no network: the default categories, named from the catalog.
  if (!categories.length) categories = OFFLINE_CATEGORIES.map((key) => ({ key, name: t(`report.category.${key}`) }));
  const photos = [];
  const previews = h("ul", { class: "previews" });
  const status = h("p", { class: "send-status", role: "status", "aria-live": "polite" });
  const chips = h("fieldset", { class: "chips" }, h("legend", {}, t("report.category")),
    categories.map((c, i) => h("label", { class: "chip" },
      h("input", { type: "radio", name: "category", value: c.key, checked: i === 0 }), h("span", {}, localName(c)))));
  const camera = h("input", { ...photoInputAttributes({ multiple: true }), class: "visually-hidden", id: "report-photos" });
  const cameraLabel = h("label", { for: "report-photos", class: "button secondary big" }, t("report.photo.add"));

  function drawPreviews() {
    previews.replaceChildren(...photos.map((blob, index) => {
      const remove = h("button", { type: "button", class: "small secondary", "aria-label": t("report.photo.remove") }, "✕");
      remove.addEventListener("click", () => { photos.splice(index, 1); drawPreviews(); });
      return h("li", {}, h("img", { src: URL.createObjectURL(blob), alt: t("report.photo.preview", { n: index + 1 }) }), remove);
    }));
    cameraLabel.hidden = photos.length >= MAX_PHOTOS;
  }
  camera.addEventListener("change", async () => {
    for (const file of [...camera.files].slice(0, MAX_PHOTOS - photos.length)) {
      try { photos.push(await shrink(file)); } catch (error) { status.textContent = t("report.photo.bad"); }
    }
    camera.value = "";
    drawPreviews();
  });

  const form = h("form", { class: "card", novalidate: true },
    h("div", {}, cameraLabel, camera), previews, chips,
    h("label", { class: "field" }, h("span", {}, t("report.description")),
      h("textarea", { name: "description", maxlength: 1000, rows: 3 })),
    h("label", { class: "field" }, h("span", {}, t("report.spot")),
      h("input", { name: "spot", maxlength: 100, placeholder: t("report.spot.example") })),
    me ? null : h("label", { class: "field" }, h("span", {}, t("report.guest_name")), h("input", { name: "guest_name", maxlength: 50 })),
    me ? null : h("label", { class: "field" }, h("span", {}, t("report.guest_phone")),
      h("input", { name: "guest_phone", type: "tel", inputmode: "tel", maxlength: 20 })),
    me ? null : h("p", { class: "meta" }, t("report.guest_note")),
    status,
    h("button", { type: "submit", class: "big" }, t("report.submit")));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!photos.length) { status.textContent = t("report.photo.needed"); return; }
    const data = new FormData(form);
    const item = { key: newKey(), code: found.code, category: data.get("category") || "other",
      description: (data.get("description") || "").trim(), spot: (data.get("spot") || "").trim(),
      guest_name: data.get("guest_name") || "", guest_phone: data.get("guest_phone") || "",
      photos: [...photos], csrf: csrf(), created: Date.now() };
    await sendFromForm(form, status, item, { sentText: t("report.sent"), waitingText: t("report.waiting"),
      after: (sent) => followCard(sent, me) });
  });
  return screen(`${t("place.action.report")} · ${localName(found.place)}`, form);
}
