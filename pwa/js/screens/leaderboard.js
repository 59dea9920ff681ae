// This month's most helpful riders of a station or community (only those who chose to
// appear, as surname + 师傅).
import { api } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { linkButton, loaded, screen } from "../ui.js";
import { riderName } from "../wishes-ui.js";

function monthBefore(month) {
  const [year, m] = month.split("-").map(Number);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, "0")}`;
}

export default async function leaderboard({ query }) {
  const [board, failed] = await loaded(t("home.leaderboard"), () => api("/points/leaderboard", { params: { node_id: query.get("node"), month: query.get("month") } }));
  if (failed) return failed;
  const node = query.get("node") ? `node=${query.get("node")}&` : "";
  return screen(t("home.leaderboard"),
    h("p", { class: "lead" }, board.node_name, " · ", board.month),
    board.rows.length
      ? h("ol", { class: "people leaderboard", id: "leaderboard" }, board.rows.map((row) =>
        h("li", { class: row.me ? "person me" : "person" },
          h("div", { class: "node-head" }, h("strong", {}, `${row.rank}. ${riderName(row, "name")}`),
            h("span", { class: "tag" }, t("points.n", { n: row.points })), row.me ? h("span", { class: "tag" }, t("leaderboard.me")) : null))))
      : h("p", {}, t("leaderboard.empty")),
    h("p", { class: "meta" }, t("leaderboard.how")),
    board.community_id ? linkButton(`/leaderboard?node=${board.community_id}&month=${board.month}`,
      t("leaderboard.community", { name: board.community_name }), { secondary: true }) : null,
    linkButton(`/leaderboard?${node}month=${monthBefore(board.month)}`, t("leaderboard.previous"), { secondary: true }));
}
