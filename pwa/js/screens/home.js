// "/": what this person can do here — the welcome for guests, a menu per role.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { account } from "../session.js";
import { linkButton, screen } from "../ui.js";

// Links only to screens that exist; each feature adds its own.
const MENU = {
  admin: [["/reports", "home.queue"], ["/admin/org", "home.org"], ["/admin/accounts", "home.accounts"],
    ["/places", "home.places"], ["/posters", "home.posters"], ["/admin/categories", "home.categories"],
    ["/admin/points", "home.points_admin"], ["/rewards", "home.rewards"], ["/wishes/review", "home.wishreview"],
    ["/wishes/stats", "home.wishstats"]],
  community_worker: [["/reports", "home.queue"], ["/places", "home.places"], ["/posters", "home.posters"],
    ["/people", "home.people.community"], ["/wishes/review", "home.wishreview"], ["/wishes/stats", "home.wishstats"],
    ["/rewards", "home.rewards"], ["/handover", "home.handover"], ["/trainings", "home.trainings"]],
  station_head: [["/handover", "home.handover"], ["/wishes/review", "home.wishreview"], ["/posters", "home.posters"],
    ["/reports", "home.queue.station"], ["/wishes/stats", "home.wishstats"],
    ["/places", "home.places"], ["/people", "home.people.station"], ["/rewards", "home.rewards"],
    ["/trainings", "home.trainings"], ["/leaderboard", "home.leaderboard"]],
  property_staff: [["/reports", "home.queue.assigned"]],
  rider: [["/reports/mine", "home.myreports"], ["/wishes/mine", "home.mywishes"], ["/wallet", "home.wallet"], ["/nearby", "home.nearby"],
    ["/code", "home.code"], ["/leaderboard", "home.leaderboard"]],
  resident: [["/claims/mine", "home.myclaims"], ["/reports/mine", "home.myreports"], ["/wallet", "home.wallet"], ["/nearby", "home.nearby"], ["/code", "home.code"]],
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
    h("nav", { class: "menu", "aria-label": t("home.menu") },
      items.map(([href, key]) => linkButton(href, t(key)))));
}
