// Signing in (or binding) with WeChat inside WeChat's browser: the official account's
// silent authorisation page sends the rider back to /signin/wechat with a code. The state
// we send along comes from the server (which also keeps it in this browser's cookie and
// checks it, once) and is kept in this tab: nobody can send a visitor back with a code of
// theirs.
import { api } from "./api.js";

const STATE = "yizhan.wechat-state";
const TICKET = "yizhan.wechat-ticket";

// The official account's page, or null when WeChat sign-in is not set up.
export async function webSignIn() {
  try {
    const offered = await api("/wechat/web-sign-in");
    return offered.enabled ? offered : null;
  } catch (error) { return null; }
}

// purpose: "signin" or "bind".
export async function goToWeChat(offered, purpose) {
  const { state } = await api("/wechat/web-sign-in/state", { method: "POST" });
  sessionStorage.setItem(STATE, JSON.stringify({ state, purpose }));
  const back = `${location.origin}/signin/wechat`;
  location.assign(`${offered.authorize_url}?appid=${encodeURIComponent(offered.appid)}`
    + `&redirect_uri=${encodeURIComponent(back)}&response_type=code&scope=snsapi_base`
    + `&state=${encodeURIComponent(state)}#wechat_redirect`);
}

// What the rider came back for ({ purpose, state }), or null when the state is not the one
// this tab sent.
export function cameBackFor(query) {
  let expected = null;
  try { expected = JSON.parse(sessionStorage.getItem(STATE) || "null"); } catch (error) { expected = null; }
  sessionStorage.removeItem(STATE);
  return expected && query.get("state") === expected.state ? expected : null;
}

// A new WeChat user's registration ticket, kept until he registers (15 minutes at most).
export const registrationTicket = {
  get: () => sessionStorage.getItem(TICKET),
  set: (ticket) => sessionStorage.setItem(TICKET, ticket),
  clear: () => sessionStorage.removeItem(TICKET),
};
