// "What's new": the latest notifications in my language, each opening what it is about;
// mark all read; staff choose which kinds they want here.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { account } from "../session.js";
import { render } from "../router.js";
import { emptyState, loaded, screen } from "../ui.js";
import { STAFF } from "../vocabulary.js";


function item(n) {
  const when = new Date(n.created_at).toLocaleString(undefined, { timeZone: "Asia/Shanghai", dateStyle: "short",
    timeStyle: "short" });
  const body = [h("span", { class: "note-text" }, n.text), h("small", { class: "muted" }, " ", when)];
  return h("li", { class: n.read ? "note" : "note unread", dataset: { kind: n.kind } },
    n.link ? h("a", { href: n.link, "data-link": true }, ...body) : h("span", {}, ...body));
}

function choices(prefs) {
  const form = h("form", { class: "inline-form", id: "note-prefs" },
    prefs.kinds.map((kind) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "kind", value: kind, checked: !prefs.muted.includes(kind) }),
      " ", t(`notifications.kind.${kind}`))),
    h("button", { type: "submit", class: "secondary" }, t("action.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const wanted = new FormData(form).getAll("kind");
    await api("/notifications/preferences", { method: "PUT",
      body: { muted: prefs.kinds.filter((k) => !wanted.includes(k)) } }).catch(() => {});
    await render();
  });
  return h("details", { class: "card" }, h("summary", {}, t("notifications.choose")), form);
}

export default async function notifications() {
  const staff = STAFF.includes(account().role);
  const [[list, prefs], failed] = await loaded(t("notifications.title"),
    () => Promise.all([api("/notifications"), staff ? api("/notifications/preferences") : null]));
  if (failed) return failed;
  const unread = list.filter((n) => !n.read).length;
  const markAll = h("button", { type: "button", class: "secondary", id: "mark-all-read", disabled: !unread },
    t("notifications.mark_all"));
  markAll.addEventListener("click", async () => {
    await api("/notifications/read", { method: "POST" }).catch(() => {});
    await render();
  });
  return screen(t("notifications.title"),
    h("p", { class: "lead" }, unread ? t("notifications.unread", { n: unread }) : t("notifications.none_unread")),
    markAll,
    list.length ? h("ul", { class: "notes" }, list.map(item)) : emptyState(t("notifications.empty"), ["/", "nav.home"]),
    prefs ? choices(prefs) : null);
}
