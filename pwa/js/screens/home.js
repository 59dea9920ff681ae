// "/": what this person can do here — the welcome for guests, a menu per role.
import { api } from "../api.js";
import { h } from "../dom.js";
import { localName, t } from "../i18n.js";
import { render } from "../router.js";
import { account } from "../session.js";
import { errorCard, linkButton, screen } from "../ui.js";

// The badge asks the server every so often while the home screen is shown: plain polling
// works through every proxy and inside WeChat's browser, and needs nothing shared between
// the server's workers (server-sent events would need a pub/sub between them).
const POLL_MS = 15000;

function notificationsButton() {
  const badge = h("span", { class: "badge", id: "unread-badge", hidden: true, "aria-live": "polite" });
  const link = h("a", { class: "button secondary", href: "/notifications", "data-link": true, id: "notifications-link" },
    h("span", { class: "menu-icon", "aria-hidden": "true" }, "🔔"), t("home.notifications"), " ", badge);
  const refresh = async () => {
    if (!document.body.contains(link) && link.dataset.started) return false;
    link.dataset.started = "1";
    try {
      const { count } = await api("/notifications/unread");
      badge.textContent = String(count);
      badge.hidden = count === 0;
      badge.setAttribute("aria-label", t("notifications.unread", { n: count }));
    } catch { /* offline: keep the last count */ }
    return true;
  };
  const loop = async () => { if (await refresh()) setTimeout(loop, POLL_MS); };
  loop();
  return link;
}

// Links only to screens that exist; each feature adds its own.
const MENU = {
  admin: [["/dashboard", "home.dashboard"], ["/reports", "home.queue"], ["/admin/org", "home.org"], ["/admin/accounts", "home.accounts"],
    ["/places", "home.places"], ["/posters", "home.posters"], ["/admin/categories", "home.categories"],
    ["/admin/points", "home.points_admin"], ["/rewards", "home.rewards"], ["/wishes/review", "home.wishreview"],
    ["/wishes/stats", "home.wishstats"], ["/groups", "home.groups"], ["/admin/deliveries", "home.deliveries"], ["/tasks/manage", "home.tasks_manage"],
    ["/help", "home.help"]],
  community_worker: [["/reports", "home.queue"], ["/dashboard", "home.dashboard"], ["/places", "home.places"], ["/posters", "home.posters"],
    ["/people", "home.people.community"], ["/wishes/review", "home.wishreview"], ["/wishes/stats", "home.wishstats"],
    ["/rewards", "home.rewards"], ["/handover", "home.handover"], ["/trainings", "home.trainings"],
    ["/groups", "home.groups"], ["/admin/deliveries", "home.deliveries"], ["/tasks/manage", "home.tasks_manage"],
    ["/help", "home.help"]],
  station_head: [["/handover", "home.handover"], ["/wishes/review", "home.wishreview"], ["/posters", "home.posters"],
    ["/reports", "home.queue.station"], ["/wishes/stats", "home.wishstats"],
    ["/places", "home.places"], ["/people", "home.people.station"], ["/rewards", "home.rewards"],
    ["/trainings", "home.trainings"], ["/leaderboard", "home.leaderboard"], ["/dashboard", "home.dashboard"],
    ["/tasks/manage", "home.tasks_manage"]],
  property_staff: [["/reports", "home.queue.assigned"], ["/dashboard", "home.dashboard"]],
  rider: [["/tasks", "home.tasks"], ["/tasks/mine", "home.mytasks"], ["/reports/mine", "home.myreports"], ["/wishes/mine", "home.mywishes"], ["/wallet", "home.wallet"], ["/nearby", "home.nearby"],
    ["/code", "home.code"], ["/leaderboard", "home.leaderboard"]],
  resident: [["/claims/mine", "home.myclaims"], ["/help/ask", "home.help_ask"], ["/reports/mine", "home.myreports"], ["/wallet", "home.wallet"], ["/nearby", "home.nearby"], ["/code", "home.code"]],
};

// One small picture per destination, so a menu can be read at a glance.
const ICONS = {
  "/dashboard": "📊", "/reports": "📋", "/admin/org": "🏛️", "/admin/accounts": "👥", "/places": "📍", "/posters": "🖨️",
  "/admin/categories": "🏷️", "/admin/points": "⭐", "/rewards": "🎁", "/wishes/review": "✅", "/wishes/stats": "📈",
  "/groups": "💬", "/admin/deliveries": "📨", "/tasks/manage": "🧩", "/help": "🤝", "/handover": "🎫", "/people": "👥",
  "/trainings": "🎓", "/leaderboard": "🏆", "/tasks": "🧩", "/tasks/mine": "⏱️", "/reports/mine": "📷",
  "/wishes/mine": "🌟", "/wallet": "💰", "/nearby": "🧭", "/code": "⌨️", "/claims/mine": "🎁", "/help/ask": "🤝",
  "/account": "⚙️",
};

function menuLink(href, key) {
  return h("a", { class: "button secondary", href, "data-link": true },
    h("span", { class: "menu-icon", "aria-hidden": "true" }, ICONS[href] || "•"), t(key));
}

// What needs this person now, first: each count links to the screen that lists the same
// rows; overdue work and reports to sign for are red while there are any.
async function todo(me) {
  let waiting;
  try { ({ waiting } = await api("/home")); } catch (error) { return errorCard(error); }
  const items = waiting.map((w) => h("li", { dataset: { key: w.key } },
    h("a", { href: w.href, "data-link": true, class: `todo-item${w.urgent && w.count ? " urgent" : ""}${w.count ? "" : " none"}` },
      h("bdi", { class: "todo-count" }, String(w.count)), h("span", {}, t(`home.waiting.${w.key}`)))));
  if (me.role === "rider") {
    items.push(h("li", { dataset: { key: "nearby" } }, h("a", { href: "/nearby", "data-link": true, class: "todo-item" },
      h("span", { class: "todo-count", "aria-hidden": "true" }, ICONS["/nearby"]), h("span", {}, t("home.nearby")))));
  }
  return h("section", { class: "todo", id: "todo" }, h("h2", {}, t("home.waiting")), h("ul", {}, items));
}

export default async function home() {
  const me = account();
  if (!me) {
    return screen(t("home.welcome"),
      h("p", { class: "lead" }, t("home.pitch")),
      h("nav", { class: "menu" },
        linkButton("/signin", t("nav.signin")),
        linkButton("/register", t("nav.register"), { secondary: true }),
        linkButton("/nearby", t("home.nearby"), { secondary: true }),
        linkButton("/code", t("home.code"), { secondary: true })));
  }
  const items = [...MENU[me.role], ["/account", "home.account"]];
  // The counts move while the screen is open: look again every minute.
  window.setTimeout(() => { if (location.pathname === "/" && !document.hidden) render(); }, 60_000);
  return screen(t("home.hello", { name: me.name }),
    h("p", { class: "role" }, t(`role.${me.role}`), me.scope ? ` · ${localName(me.scope)}` : ""),
    await todo(me),
    h("h2", { class: "menu-title" }, t("home.menu")),
    h("nav", { class: "menu", "aria-label": t("home.menu") },
      notificationsButton(), items.map(([href, key]) => menuLink(href, key))));
}
