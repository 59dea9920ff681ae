// A volunteer certificate (/volunteer/certificate/{code}) on A4, in Chinese and Uyghur, with
// a QR that opens its public check (/verify/{code}); and that check (/verify/{code}): the
// rider's surname + 师傅, the hours and the period — nothing else.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { loaded, screen } from "../ui.js";

async function load(code) { return api(`/volunteer/certificates/${encodeURIComponent(code)}`); }

export async function verifyScreen({ params }) {
  const [cert, failed] = await loaded(t("verify.title"), () => load(params.code));
  if (failed) return failed;
  return screen(t("verify.title"), h("dl", { class: "facts card", id: "verified" },
    h("dt", {}, t("verify.name")), h("dd", {}, cert.name),
    h("dt", {}, t("verify.hours")), h("dd", { dataset: { hours: cert.hours } }, t("hours.total", { hours: cert.hours })),
    h("dt", {}, t("verify.period")), h("dd", {}, `${cert.first_day} – ${cert.last_day}`),
    h("dt", {}, t("verify.issued")), h("dd", {}, cert.issued_on)));
}

export default async function certificateScreen({ params }) {
  const [cert, failed] = await loaded(t("certificate.title"), () => load(params.code));
  if (failed) return failed;
  const print = h("button", { type: "button", class: "no-print" }, t("monthly.print"));
  print.addEventListener("click", () => window.print());
  document.documentElement.classList.add("printable");
  // Always Chinese and Uyghur, whatever the app's language: the server writes both.
  const both = (words) => [h("span", { lang: "zh-CN" }, words.zh), h("br"), h("span", { lang: "ug", dir: "rtl" }, words.ug)];
  return h("article", { class: "monthly certificate", id: "certificate" },
    h("h1", {}, ...both(cert.heading)), h("p", { class: "sentence" }, ...both(cert.body)),
    h("img", { class: "certificate-qr", src: `/api/v1/volunteer/certificates/${cert.code}/qr.svg`, alt: cert.url, width: 180, height: 180 }),
    h("p", { class: "meta" }, `${t("verify.scan")} · ${cert.code} · ${cert.issued_on}`), print);
}
