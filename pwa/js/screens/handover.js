// The station head's counter: scan the QR on the rider's phone (or type the code), see
// what to hand over and to whom, confirm — or cancel so the points go back.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { rewardName, spacedCode, statusTag } from "../points-ui.js";
import { when } from "../reports-ui.js";
import { errorMessage, screen } from "../ui.js";
import { riderName } from "../wishes-ui.js";

function normalise(raw) {
  return raw.replace(/[\s\-_.]/g, "").toUpperCase();
}

// BarcodeDetector exists in Chromium on Android; elsewhere typing the code is the way.
async function scanInto(video, onCode) {
  const detector = new BarcodeDetector({ formats: ["qr_code"] });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const stop = () => { stream.getTracks().forEach((track) => track.stop()); video.hidden = true; };
  const tick = async () => {
    if (!video.isConnected) { stop(); return; }
    const found = await detector.detect(video).catch(() => []);
    if (found.length) { stop(); onCode(found[0].rawValue); return; }
    setTimeout(tick, 250);
  };
  tick();
}

export default async function handover({ query }) {
  const result = h("div", { id: "handover-result", "aria-live": "polite" });
  const input = h("input", { name: "code", required: true, maxlength: 40, autocomplete: "off", autocapitalize: "characters",
    spellcheck: "false", dir: "ltr", inputmode: "text" });
  const form = h("form", { class: "card code-form" },
    h("label", { class: "field" }, h("span", {}, t("handover.code")), input),
    h("button", { type: "submit" }, t("handover.look")));
  const video = h("video", { class: "scanner", hidden: true, muted: true, playsinline: true });

  const problem = (error) => result.replaceChildren(h("p", { class: "form-error", role: "alert" }, errorMessage(error)));

  async function act(code, action) {
    try {
      const after = await api(`/redemptions/${code}/${action}`, { method: "POST" });
      show(after, action === "confirm" ? t("handover.done") : t("handover.cancelled"));
    } catch (error) { problem(error); }
  }

  function show(redemption, done = "") {
    const open = redemption.status === "held";
    result.replaceChildren(h("section", { class: "card", dataset: { code: redemption.code } },
      done ? h("p", { class: "ok", role: "status" }, done) : null,
      h("h2", {}, rewardName(redemption)),
      redemption.reward_thumb_url ? h("img", { class: "reward-thumb", src: redemption.reward_thumb_url, alt: "", width: 96, height: 96 }) : null,
      h("dl", { class: "facts" },
        h("dt", {}, t("handover.rider")), h("dd", {}, riderName(redemption)),
        h("dt", {}, t("handover.status")), h("dd", {}, statusTag(redemption)),
        h("dt", {}, t("handover.cost")), h("dd", {}, t("points.n", { n: redemption.cost })),
        h("dt", {}, t("handover.code")), h("dd", { class: "code", dir: "ltr" }, spacedCode(redemption.code)),
        h("dt", {}, open ? t("handover.until") : t("handover.closed")),
        h("dd", {}, when(open ? redemption.expires_at : redemption.closed_at || redemption.created_at))),
      open ? h("div", { class: "actions-block" },
        h("button", { type: "button", onclick: () => act(redemption.code, "confirm") }, t("handover.confirm")),
        h("button", { type: "button", class: "secondary", onclick: () => act(redemption.code, "cancel") }, t("handover.cancel")))
        : null));
  }

  async function lookUp(raw) {
    const code = normalise(raw);
    if (!code) return;
    input.value = code;
    try { show(await api(`/redemptions/${encodeURIComponent(code)}`)); } catch (error) { problem(error); }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); lookUp(input.value); });
  let scan = null;
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    scan = h("button", { type: "button", class: "secondary" }, t("handover.scan"));
    scan.addEventListener("click", () => scanInto(video, lookUp).catch(problem));
  }
  if (query.get("code")) lookUp(query.get("code"));
  return screen(t("home.handover"), h("p", {}, t("handover.intro")), scan, video, form, result);
}
