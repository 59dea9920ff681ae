// A TV has no hand to scroll it: a screen longer than the TV pages through by itself, a
// screenful at a time, never cutting a card in two; after the last page it starts again from
// the top, and looks for news once a minute at such a turn. ?page_seconds=N sets how long
// each screenful stays (a station may want it slower).
import { render } from "./router.js";

const REFRESH_MS = 60_000;
const PAGE_SECONDS = 10;
// What must not be cut in two: headings, cards, rows of the boards, photo pairs.
const UNITS = "#view h2, #view .wish-card, #view .leaders li, #view .pairs li, #view .headline";

let loop = 0;  // one loop at a time: a new drawing of the screen takes over

export function pageThrough(query) {
  const seconds = Math.max(2, Number(query.get("page_seconds")) || PAGE_SECONDS);
  const renderedAt = Date.now();
  const here = location.href;
  const mine = ++loop;
  const turn = () => {
    if (mine !== loop || location.href !== here || !document.documentElement.classList.contains("tv")) return;
    const cut = [...document.querySelectorAll(UNITS)].find((el) => el.getBoundingClientRect().bottom > window.innerHeight + 1);
    if (cut) {
      const top = cut.getBoundingClientRect().top;
      window.scrollTo({ top: window.scrollY + (top > 16 ? top - 16 : window.innerHeight), behavior: "instant" });
    } else {
      window.scrollTo({ top: 0, behavior: "instant" });
      if (Date.now() - renderedAt >= REFRESH_MS) { render(); return; }
    }
    setTimeout(turn, seconds * 1000);
  };
  setTimeout(turn, seconds * 1000);
}
