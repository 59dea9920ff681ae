// The rider's wallet: balance, held points, open reward codes with their QR, rewards to
// ask for, the history in the rider's language and the leaderboard choice.
import { api, newKey } from "../api.js";
import { h } from "../dom.js";
import { localOf, t } from "../i18n.js";
import { ledgerRow, rewardName, spacedCode, statusTag } from "../points-ui.js";
import { when } from "../reports-ui.js";
import { render } from "../router.js";
import { emptyState, errorMessage, linkButton, loaded, screen } from "../ui.js";
import { photoButton } from "../viewer.js";

function redemptionCard(redemption) {
  const open = redemption.status === "held";
  const cancel = open ? h("button", { type: "button", class: "secondary small" }, t("redemption.cancel")) : null;
  const problem = h("p", { class: "form-error", role: "alert", hidden: true });
  cancel?.addEventListener("click", async () => {
    if (!confirm(t("redemption.cancel_confirm"))) return;
    try { await api(`/redemptions/${redemption.code}/cancel`, { method: "POST" }); await render(); }
    catch (error) { problem.textContent = errorMessage(error); problem.hidden = false; }
  });
  return h("li", { class: open ? "card redemption open" : "person redemption", dataset: { code: redemption.code } },
    h("div", { class: "node-head" }, h("strong", {}, rewardName(redemption)), statusTag(redemption),
      h("span", { class: "tag" }, t("points.n", { n: redemption.cost }))),
    open ? h("img", { class: "qr", src: redemption.qr_url, alt: t("redemption.qr_alt"), width: 220, height: 220 }) : null,
    open ? h("p", { class: "code big-code", dir: "ltr" }, spacedCode(redemption.code)) : null,
    h("p", { class: "meta" }, t("redemption.collect_at", { place: localOf(redemption, "collect_at") }), " · ",
      open ? t("redemption.until", { time: when(redemption.expires_at) }) : when(redemption.closed_at || redemption.created_at)),
    problem, cancel);
}

function rewardCard(reward) {
  const ask = h("button", { type: "button", disabled: !reward.affordable || reward.stock < 1 },
    reward.stock < 1 ? t("reward.out") : reward.affordable ? t("reward.redeem") : t("reward.not_enough"));
  const problem = h("p", { class: "form-error", role: "alert", hidden: true });
  const key = newKey();  // one key per card: a double tap asks once
  ask.addEventListener("click", async () => {
    // The points are held at once: ask first.
    if (!window.confirm(t("reward.confirm", { name: rewardName(reward), n: reward.cost }))) return;
    ask.disabled = true;
    try { await api(`/rewards/${reward.id}/redeem`, { method: "POST", body: { idempotency_key: key } }); await render(); }
    catch (error) { problem.textContent = errorMessage(error); problem.hidden = false; ask.disabled = false; }
  });
  return h("li", { class: "person reward", dataset: { id: reward.id } },
    reward.thumb_url ? photoButton([{ url: reward.photo_url, label: rewardName(reward) }], 0, reward.thumb_url,
      { class: "reward-thumb", width: 72, height: 72 }) : null,
    h("div", { class: "node-head" }, h("strong", {}, rewardName(reward)), h("span", { class: "tag" }, t("points.n", { n: reward.cost }))),
    h("p", { class: "meta" }, localOf(reward, "owner_name"), reward.description ? ` · ${reward.description}` : "",
      " · ", t("reward.stock", { n: reward.stock })),
    problem, ask);
}

export default async function wallet({ query }) {
  const [[mine, catalogue, redemptions], failed] = await loaded(t("home.wallet"), () => Promise.all([
    api("/points/me", { params: { before: query.get("before") } }), api("/rewards"), api("/redemptions/mine")]));
  if (failed) return failed;
  const open = redemptions.filter((r) => r.status === "held");
  const closed = redemptions.filter((r) => r.status !== "held");
  const board = h("input", { type: "checkbox", name: "on_leaderboard", checked: mine.on_leaderboard });
  board.addEventListener("change", async () => {
    await api("/points/me", { method: "PATCH", body: { on_leaderboard: board.checked } }).catch(() => { board.checked = !board.checked; });
  });
  return screen(t("home.wallet"),
    h("section", { class: "card" },
      h("p", { class: "points" }, t("points.balance"), " ", h("strong", { id: "points-balance" }, String(mine.balance))),
      mine.held ? h("p", { class: "meta", id: "points-held" }, t("points.held", { n: mine.held })) : null,
      h("label", { class: "check" }, board, h("span", {}, t("points.on_leaderboard"))),
      linkButton("/leaderboard", t("home.leaderboard"), { secondary: true })),
    open.length ? h("section", {}, h("h2", {}, t("redemption.open")), h("p", {}, t("redemption.show")),
      h("ul", { class: "people", id: "open-redemptions" }, open.map(redemptionCard))) : null,
    h("section", {}, h("h2", {}, t("reward.title")),
      catalogue.length ? h("ul", { class: "people", id: "rewards" }, catalogue.map(rewardCard)) : h("p", {}, t("reward.none"))),
    h("section", {}, h("h2", {}, t("points.history")),
      mine.recent.length ? h("ul", { class: "people ledger", id: "ledger" }, mine.recent.map(ledgerRow)) : emptyState(t("points.none"), ["/code", "empty.earn_points"], "ledger-empty"),
      mine.next_before ? linkButton(`/wallet?before=${mine.next_before}`, t("action.more"), { secondary: true }) : null),
    closed.length ? h("section", {}, h("h2", {}, t("redemption.closed")),
      h("ul", { class: "people" }, closed.map(redemptionCard))) : null);
}
