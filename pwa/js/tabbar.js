// The rider's tab bar, like the mini-programs riders use every day: always at the bottom of
// a phone, the current screen marked; it follows the page's direction (mirrored in Uyghur).
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { account } from "./session.js";

const TABS = [["/", "tab.home", "🏠"], ["/reports/mine", "tab.report", "📷"], ["/wishes/mine", "tab.wishes", "🌟"],
  ["/wallet", "tab.points", "💰"], ["/account", "tab.me", "👤"]];

function isCurrent(href, path) {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

export function drawTabBar(path) {
  const me = account();
  // A station's TV and the printable pages are no phone screens.
  const shown = me?.role === "rider" && !path.endsWith("/screen") && !document.documentElement.classList.contains("printable");
  document.body.classList.toggle("with-tabbar", shown);
  let bar = document.getElementById("tabbar");
  if (!shown) { bar?.remove(); return; }
  if (!bar) {
    bar = h("nav", { id: "tabbar", class: "tabbar" });
    document.body.append(bar);
  }
  bar.setAttribute("aria-label", t("tab.label"));
  bar.replaceChildren(...TABS.map(([href, key, icon]) => {
    const current = isCurrent(href, path);
    return h("a", { href, "data-link": true, class: current ? "tab current" : "tab", "aria-current": current ? "page" : null },
      h("span", { class: "tab-icon", "aria-hidden": "true" }, icon), h("span", { class: "tab-label" }, t(key)));
  }));
}
