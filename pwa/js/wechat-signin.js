// Signing in (or binding) with WeChat inside WeChat's browser: the official account's
// silent authorisation page sends the rider back to /signin/wechat with a code. The state
// we send along is kept in this tab and must come back unchanged, so that nobody can
// send a visitor back with a code of theirs.
import { api, newKey } from "./api.js";

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
export function goToWeChat(offered, purpose) {
  const state = `${purpose}.${newKey()}`;
  sessionStorage.setItem(STATE, state);
  const back = `${location.origin}/signin/wechat`;
  location.assign(`${offered.authorize_url}?appid=${encodeURIComponent(offered.appid)}`
    + `&redirect_uri=${encodeURIComponent(back)}&response_type=code&scope=snsapi_base`
    + `&state=${encodeURIComponent(state)}#wechat_redirect`);
}

// What the rider came back for, or null when the state is not the one this tab sent.
export function cameBackFor(query) {
  const expected = sessionStorage.getItem(STATE);
  sessionStorage.removeItem(STATE);
  return expected && query.get("state") === expected ? expected.split(".")[0] : null;
}

// A new WeChat user's registration ticket, kept until he registers (15 minutes at most).
export const registrationTicket = {
  get: () => sessionStorage.getItem(TICKET),
  set: (ticket) => sessionStorage.setItem(TICKET, ticket),
  clear: () => sessionStorage.removeItem(TICKET),
};
