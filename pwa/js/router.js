// Client-side routes. Every path here is also answered by the server with the app shell,
// so a deep link or a reload lands on the same screen.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { account } from "./session.js";
import { drawTabBar } from "./tabbar.js";
import { REDRAW, skeleton } from "./ui.js";
import { FIGURE_READERS, MANAGERS, REDEEMERS, TRIAGERS } from "./vocabulary.js";

// Who sees the people of their scope here (the admin has /admin/accounts instead).
const PEOPLE_VIEWERS = MANAGERS.filter((role) => role !== "admin");

const screens = (name) => () => import(`./screens/${name}.js`);

// [pattern, loader, options]; ":name" segments become params.
const ROUTES = [
  ["/", screens("home")],
  ["/signin", screens("signin")],
  ["/signin/wechat", screens("wechat-return")],
  ["/register", screens("register")],
  ["/account", screens("account"), { signedIn: true }],
  ["/code", screens("code")],
  ["/notifications", screens("notifications"), { signedIn: true }],
  ["/groups", screens("groups"), { roles: TRIAGERS }],
  ["/admin/deliveries", screens("deliveries"), { roles: TRIAGERS }],
  ["/offline", screens("offline")],
  ["/admin/org", screens("admin-org"), { roles: ["admin"] }],
  ["/admin/accounts", screens("people"), { roles: ["admin"] }],
  ["/admin/categories", screens("categories"), { roles: ["admin"] }],
  ["/people", screens("people"), { roles: PEOPLE_VIEWERS }],
  ["/places", screens("places"), { roles: MANAGERS }],
  ["/posters", screens("posters"), { roles: MANAGERS }],
  ["/nearby", screens("nearby")],
  ["/reports/mine", screens("my-reports"), { signedIn: true }],
  ["/wallet", screens("wallet"), { roles: REDEEMERS }],
  ["/leaderboard", screens("leaderboard"), { signedIn: true }],
  ["/handover", screens("handover"), { roles: MANAGERS }],
  ["/rewards", screens("rewards"), { roles: MANAGERS }],
  ["/admin/points", screens("admin-points"), { roles: ["admin"] }],
  ["/trainings", screens("trainings"), { roles: MANAGERS }],
  ["/wishes/review", screens("wish-review"), { roles: MANAGERS }],
  ["/wishes/stats", screens("wish-stats"), { roles: MANAGERS }],
  ["/wishes/mine", screens("my-wishes"), { signedIn: true }],
  ["/wishes/:id", screens("wish-detail")],
  ["/claims/mine", screens("my-claims"), { signedIn: true }],
  ["/register/resident", screens("register-resident")],
  ["/follow/:ref", screens("follow")],
  ["/claim/:token", screens("claim")],
  ["/wall/community/:id", screens("wall")],
  ["/reports/:id", screens("report-detail"), { signedIn: true }],
  ["/reports", screens("queue"), { roles: FIGURE_READERS }],
  ["/tasks", screens("tasks"), { roles: ["rider"] }],
  ["/tasks/mine", screens("my-tasks"), { roles: ["rider"] }],
  ["/tasks/manage", screens("tasks-manage"), { roles: MANAGERS }],
  ["/help", screens("help-manage"), { roles: TRIAGERS }],
  ["/help/ask", screens("help-ask"), { roles: ["resident"] }],
  ["/help/:id", screens("help-detail"), { signedIn: true }],
  ["/volunteer/certificate/:code", screens("certificate")],
  ["/verify/:code", screens("verify")],
  ["/dashboard", screens("dashboard"), { roles: FIGURE_READERS }],
  ["/dashboard/report", screens("monthly-report"), { roles: FIGURE_READERS }],
  ["/q/:code/screen", screens("station-screen")],
  ["/q/:code", screens("place")],
  ["/q/:code/:action", screens("place")],
];

function match(path) {
  const parts = path.replace(/\/+$/, "").split("/").slice(1);
  for (const [pattern, load, options = {}] of ROUTES) {
    const want = pattern === "/" ? [] : pattern.split("/").slice(1);
    if (want.length !== (path === "/" ? 0 : parts.length)) continue;
    const params = {};
    if (want.every((seg, i) => (seg.startsWith(":") ? ((params[seg.slice(1)] = decodeURIComponent(parts[i])), true) : seg === parts[i]))) {
      if (params.action && !["report", "wish", "wall"].includes(params.action)) continue;
      return { load, options, params };
    }
  }
  return null;
}

let renderToken = 0;
let shownPath = null;

export async function render() {
  const token = ++renderToken;
  const view = document.getElementById("view");
  const path = location.pathname;
  const route = match(path);
  let screen;
  if (!route) {
    screen = h("section", { class: "card" }, h("h1", {}, t("notfound.title")), h("p", {}, t("notfound.text")),
      h("a", { class: "button", href: "/", "data-link": true }, t("nav.home")));
  } else if (route.options.signedIn || route.options.roles) {
    const me = account();
    if (!me) { navigate(`/signin?next=${encodeURIComponent(path + location.search)}`, { replace: true }); return; }
    if (route.options.roles && !route.options.roles.includes(me.role)) {
      screen = h("section", { class: "card" }, h("h1", {}, t("forbidden.title")), h("p", {}, t("forbidden.text")));
    }
  }
  if (!screen) {
    // A new screen that takes a moment shows its outline meanwhile, not the last screen; the
    // same screen drawn again (a refresh, after an action) keeps what is shown until ready.
    const arriving = path !== shownPath;
    const slow = setTimeout(() => { if (arriving && token === renderToken) view.replaceChildren(skeleton()); }, 200);
    try {
      const module = await route.load();
      screen = await module.default({ params: route.params, query: new URLSearchParams(location.search) });
    } finally { clearTimeout(slow); }
  }
  if (token !== renderToken) return; // a newer navigation won
  // Big type for a TV, and the print layout, belong to the screens that ask for them.
  if (!location.search.includes("tv=1") && !path.endsWith("/screen")) document.documentElement.classList.remove("tv");
  if (path !== "/dashboard/report" && !path.startsWith("/volunteer/certificate/")) {
    document.documentElement.classList.remove("printable");
  }
  view.replaceChildren(screen);
  shownPath = path;
  drawTabBar(path);
  document.documentElement.dataset.ready = "1";
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
  window.scrollTo(0, 0);
  return render();
}

export function startRouter() {
  window.addEventListener("popstate", render);
  window.addEventListener(REDRAW, () => render());
  // Same-origin links marked data-link stay inside the app.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-link]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(link.getAttribute("href"));
  });
  return render();
}
