// "/": what this person can do here — the welcome for guests, a menu per role.
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { account } from "../session.js";
import { queueSummary } from "../queue-counts.js";
import { linkButton, screen } from "../ui.js";

// The badge asks the server every so often while the home screen is shown: plain polling
// works through every proxy and inside WeChat's browser, and needs nothing shared between
// the server's workers (server-sent events would need a pub/sub between them).
const POLL_MS = 15000;
const QUEUE_ROLES = ["admin", "community_worker", "station_head", "property_staff"];

function notificationsButton() {
  const badge = h("span", { class: "badge", id: "unread-badge", hidden: true, "aria-live": "polite" });
  const link = h("a", { class: "button", href: "/notifications", "data-link": true, id: "notifications-link" },
    t("home.notifications"), " ", badge);
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
  return screen(t("home.hello", { name: me.name }),
    h("p", { class: "role" }, t(`role.${me.role}`), me.scope ? ` · ${me.scope.name}` : ""),
    QUEUE_ROLES.includes(me.role) ? queueSummary() : null,
    h("nav", { class: "menu", "aria-label": t("home.menu") },
      notificationsButton(), items.map(([href, key]) => linkButton(href, t(key)))));
}
