// Photos people can look at: a tap opens the photo full screen; swipe (or the arrows, or
// the keyboard) moves between the photos of the same thing; Escape or ✕ closes. The same
// viewer serves reports, wishes and rewards.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const SWIPE_PX = 40;

export function openViewer(photos, start = 0) {
  let index = start;
  const img = h("img", { class: "viewer-photo", alt: "" });
  const caption = h("p", { class: "viewer-caption", "aria-live": "polite" });
  const previous = h("button", { type: "button", class: "viewer-nav previous", "aria-label": t("viewer.previous") }, "‹");
  const next = h("button", { type: "button", class: "viewer-nav next", "aria-label": t("viewer.next") }, "›");
  const close = h("button", { type: "button", class: "viewer-close", "aria-label": t("viewer.close") }, "✕");
  const dialog = h("dialog", { class: "viewer", id: "viewer", "aria-label": t("viewer.title") }, img, caption, previous, next, close);
  const show = (i) => {
    index = (i + photos.length) % photos.length;
    img.src = photos[index].url;
    img.alt = photos[index].label || "";
    caption.textContent = `${photos[index].label ? `${photos[index].label} · ` : ""}${index + 1} / ${photos.length}`;
    dialog.dataset.index = String(index);
    previous.hidden = next.hidden = photos.length < 2;
  };
  // In a right-to-left page "next" lies to the left: the swipe follows the reading direction.
  const forward = () => (document.documentElement.dir === "rtl" ? -1 : 1);
  previous.addEventListener("click", () => show(index - 1));
  next.addEventListener("click", () => show(index + 1));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight") show(index + forward());
    if (event.key === "ArrowLeft") show(index - forward());
  });
  let startX = null;
  img.addEventListener("pointerdown", (event) => { startX = event.clientX; });
  img.addEventListener("pointerup", (event) => {
    if (startX === null) return;
    const moved = event.clientX - startX;
    startX = null;
    if (Math.abs(moved) >= SWIPE_PX) show(index + (moved < 0 ? forward() : -forward()));
  });
  img.addEventListener("dragstart", (event) => event.preventDefault());
  show(index);
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

// A photo as a button that opens the viewer on it, among its siblings.
export function photoButton(photos, index, thumbUrl, attrs = {}) {
  const button = h("button", { type: "button", class: "photo-button", "aria-label": t("viewer.open", { n: index + 1 }) },
    h("img", { src: thumbUrl || photos[index].url, alt: photos[index].label || "", loading: "lazy", ...attrs }));
  button.addEventListener("click", () => openViewer(photos, index));
  return button;
}
