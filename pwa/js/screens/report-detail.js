// One report: photos, place, the clock, the history, and what the viewer may do with it.
import { api } from "../api.js";
import { beijingMark } from "../beijing.js";
import { field, h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { photoInputAttributes } from "../platform.js";
import { navigate, render } from "../router.js";
import { account } from "../session.js";
import { beforeAfter, history, overdueTag, statusTag, when } from "../reports-ui.js";
import { formError, loaded, phoneLink, screen, select } from "../ui.js";
import { photoButton } from "../viewer.js";
import { TRIAGERS } from "../vocabulary.js";
import { submitting } from "../forms.js";


// Fixers and station heads see only what kind of person sent it; workers see the name.
function reporterText(report) {
  if (report.reporter) return report.reporter;
  const kind = t(`report.reporter_kind.${report.reporter_kind}`);
  return report.reporter_station ? `${kind} · ${report.reporter_station}` : kind;
}

// A worker opens the full number to call back; the server records each opening.
function phoneButton(report) {
  if (!TRIAGERS.includes(account()?.role) || report.is_mine) return null;
  const button = h("button", { type: "button", class: "small secondary", id: "show-phone" }, t("report.show_phone"));
  button.addEventListener("click", async () => {
    try {
      const { phone } = await api(`/reports/${report.id}/reporter-phone`, { method: "POST" });
      button.replaceWith(phoneLink(phone, { id: "reporter-phone" }));
    } catch (error) { button.textContent = error.message; }
  });
  return button;
}

// Destructive steps ask first: they end the report's way through the queue.
const CONFIRM = ["reject", "duplicate", "close"];

function actionForm(report, action, fields, { primary = false, multipart = false } = {}) {
  const button = h("button", { type: "submit", class: primary ? "" : CONFIRM.includes(action) ? "secondary danger" : "secondary" },
    t(`report.action.${action}`));
  const form = h("form", { class: "inline-form", novalidate: true, dataset: { action } }, ...fields, formError(), button);
  submitting(form, async () => {
    if (CONFIRM.includes(action) && !window.confirm(t(`report.confirm.${action}`))) return;
    const data = new FormData(form);
    if (multipart) {
      const photo = data.get("photo");
      if (photo && photo.size) {
        const { shrink } = await import("./report.js");
        const upload = new FormData();
        upload.append("photo", await shrink(photo), "after.jpg");
        await api(`/reports/${report.id}/after-photo`, { method: "POST", file: upload, contentType: null });
      }
    }
    const body = { note: (data.get("note") || "").trim() };
    if (data.get("company_id")) body.company_id = Number(data.get("company_id"));
    if (data.get("department")) body.department = data.get("department").trim();
    if (data.get("deadline_hours")) body.deadline_hours = Number(data.get("deadline_hours"));
    if (data.get("duplicate_of")) body.duplicate_of = Number(data.get("duplicate_of"));
    await api(`/reports/${report.id}/actions/${action}`, { method: "POST", body });
    // A returned report is no longer the fixer's to see: back to the queue.
    if (action === "return") await navigate("/reports", { replace: true }); else await render();
  }, { then: null });
  return form;
}

let replies = [];  // the worker's response templates for this report's category
function note(key = "report.note") {
  const input = h("input", { name: "note", maxlength: 1000 });
  if (!replies.length) return field(t(key), input);
  const pick = h("select", { class: "reply-pick", "aria-label": t("report.templates") },
    h("option", { value: "" }, t("report.templates")), replies.map((r) => h("option", { value: r.text }, r.text)));
  pick.addEventListener("change", () => { if (pick.value) input.value = pick.value; });
  return h("div", {}, field(t(key), input), pick);
}

// Whom to assign to: only who the server accepts for this report, the place's own company first.
function assigneeLabel(node) {
  return node.manages_the_place ? `${localName(node)} · ${t("report.assign.manages_place")}` : localName(node);
}

// The fields each action asks for.
function fieldsFor(report, action, assignees) {
  switch (action) {
    case "assign": return [
      field(t("report.assign.to"), select("company_id", [["", t("report.assign.none")], ...assignees.map((n) => [n.id, assigneeLabel(n)])],
        { value: assignees[0]?.id ?? "" })),
      field(t("report.department"), h("input", { name: "department", maxlength: 100 })),
      field(t("report.deadline_hours"), h("input", { name: "deadline_hours", type: "number", min: 1, max: 720, inputmode: "numeric" })),
      note()];
    case "reject": return [note("report.reason")];
    case "duplicate": return [field(t("report.duplicate_of"),
      select("duplicate_of", report.suggested_duplicates.map((id) => [id, `#${id}`])))];
    case "return": return [note("report.return_reason")];
    case "ask_more_time": return [field(t("report.more_time_hours"), h("input", {
      name: "deadline_hours", type: "number", min: 1, max: 168, inputmode: "numeric", required: true })), note("report.reason")];
    case "resolve": return [note(), field(t("report.after_photo"), h("input", { ...photoInputAttributes(), name: "photo" }))];
    case "comment": return [note("report.comment")];
    case "accept": case "fixed": return [];
    default: return [note()];
  }
}

// The server says what this person may do now, the next step first: that one is shown
// as the page's main button, the others wait in "more", and a comment is always at hand.
async function actionsFor(report, me) {
  const steps = report.can.filter((a) => a !== "comment" && (a !== "duplicate" || report.suggested_duplicates.length));
  replies = TRIAGERS.includes(me.role) && steps.length
    ? await api("/report-templates", { params: { category: report.category } }).catch(() => []) : [];
  const assignees = steps.includes("assign") ? await api(`/reports/${report.id}/assignees`).catch(() => []) : [];
  const form = (action, primary = false) => actionForm(report, action, fieldsFor(report, action, assignees),
    { primary, multipart: action === "resolve" });
  const [next, ...others] = steps;
  return [
    next ? h("div", { class: "card next-step", id: "next-step" }, h("h2", {}, t("report.next_step")), form(next, true)) : null,
    others.length ? h("details", { class: "card more-actions", id: "more-actions" },
      h("summary", {}, t("report.more_actions")), others.map((a) => form(a))) : null,
    report.can.includes("comment") ? form("comment") : null,
  ];
}

// Blur faces, number plates, door numbers: drag a box on the photo, then "blur". The server
// replaces the photo (the original is deleted) before fixers or a TV wall see it.
function redactor(report, photo) {
  const img = h("img", { src: photo.url, alt: t(`report.photo.${photo.stage}`), draggable: false });
  const box = h("div", { class: "redact-box", hidden: true });
  const frame = h("div", { class: "redact-frame" }, img, box);
  const blur = h("button", { type: "button", class: "secondary", disabled: true }, t("report.redact.blur"));
  let start = null;
  let chosen = null;
  const point = (event) => {
    const r = img.getBoundingClientRect();
    return [Math.min(Math.max(event.clientX - r.left, 0), r.width), Math.min(Math.max(event.clientY - r.top, 0), r.height)];
  };
  frame.addEventListener("pointerdown", (event) => { event.preventDefault(); start = point(event); frame.setPointerCapture(event.pointerId); });
  frame.addEventListener("pointermove", (event) => {
    if (!start) return;
    const [x, y] = point(event);
    chosen = [Math.min(start[0], x), Math.min(start[1], y), Math.abs(x - start[0]), Math.abs(y - start[1])];
    Object.assign(box.style, { left: `${chosen[0]}px`, top: `${chosen[1]}px`, width: `${chosen[2]}px`, height: `${chosen[3]}px` });
    box.hidden = false;
  });
  frame.addEventListener("pointerup", () => { start = null; blur.disabled = !chosen || chosen[2] < 4 || chosen[3] < 4; });
  blur.addEventListener("click", async () => {
    const scale = photo.width / img.getBoundingClientRect().width;
    const [x, y, w, hgt] = chosen.map((v) => Math.round(v * scale));
    const boxes = [[x, y, Math.min(w, photo.width - x), Math.min(hgt, photo.height - y)]];
    try { await api(`/reports/${report.id}/photos/${photo.id}/redact`, { method: "POST", body: { boxes } }); await render(); }
    catch (error) { blur.textContent = error.message; }
  });
  return h("details", { class: "card redact", dataset: { photo: photo.id } },
    h("summary", {}, t("report.redact"), " · ", t(`report.photo.${photo.stage}`)),
    h("p", { class: "meta" }, t("report.redact.help")), frame, blur);
}

export default async function reportDetail({ params }) {
  const me = account();
  const [report, failed] = await loaded(`#${params.id}`, () => api(`/reports/${params.id}`));
  if (failed) return failed;
  const viewed = report.photos.map((p) => ({ url: p.url, label: t(`report.photo.${p.stage}`) }));
  const minutes = (m) => (m === null ? "—" : m < 60 ? t("report.minutes", { n: m }) : t("report.hours", { n: (m / 60).toFixed(1) }));
  return screen(`#${report.id} ${report.place_name}`,
    h("p", { class: "node-head" }, statusTag(report), overdueTag(report),
      h("span", { class: "tag" }, t(`report.category.${report.category}`))),
    report.description ? h("p", { class: "lead" }, report.description) : null,
    report.spot ? h("p", { class: "meta" }, t("report.spot"), ": ", report.spot) : null,
    beforeAfter(report, viewed),
    h("ul", { class: "photos" }, report.photos.map((p, i) => h("li", {},
      photoButton(viewed, i, p.thumb_url), h("span", { class: "meta" }, t(`report.photo.${p.stage}`))))),
    TRIAGERS.includes(me.role) ? report.photos.map((p) => redactor(report, p)) : null,
    h("dl", { class: "facts" },
      h("dt", {}, t("report.reported")), h("dd", {}, when(report.created_at)),
      h("dt", {}, t("report.reporter")), h("dd", { id: "reporter" }, reporterText(report),
        report.reporter_phone ? [" ", h("span", { dir: "ltr" }, report.reporter_phone), " ", phoneButton(report)] : null),
      h("dt", {}, t("report.first_response")), h("dd", {}, minutes(report.minutes_to_first_response)),
      report.assigned_at ? [h("dt", {}, t("report.to_acceptance")), h("dd", { id: "acceptance" },
        report.accepted_at ? [minutes(report.minutes_to_acceptance), " ", h("span", { class: "tag open" }, t("report.accepted"))] : "—",
        report.more_time ? [" ", h("span", { class: "tag" }, t(`report.more_time.${report.more_time}`, { n: report.more_time_hours }))] : null)] : null,
      h("dt", {}, t("report.resolution")), h("dd", {}, minutes(report.minutes_to_resolution),
        report.handled_within_24h ? [" ", h("span", { class: "tag open" }, t("report.within24"))] : null),
      report.deadline_at ? [h("dt", {}, t("report.deadline")), h("dd", {}, `${when(report.deadline_at)} (${beijingMark()})`)] : null),
    report.suggested_duplicates.length ? h("p", { class: "meta" }, t("report.maybe_duplicates"), " ",
      report.suggested_duplicates.map((id) => h("a", { href: `/reports/${id}`, "data-link": true }, `#${id} `))) : null,
    history(report),
    h("section", { class: "actions-block" }, ...(await actionsFor(report, me))));
}
