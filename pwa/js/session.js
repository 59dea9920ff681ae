// Who is signed in on this device (null when nobody is).
import { api, setCsrfToken } from "./api.js";

let signedIn = null;

export function account() { return signedIn ? signedIn.account : null; }

export function remember(answer) {
  signedIn = answer || null;
  setCsrfToken(signedIn && signedIn.csrf_token);
  // Reports sent here as a guest join the account (loaded only then: the poster pages stay light).
  if (signedIn) import("./follow-links.js").then((links) => links.adoptKeptReports()).catch(() => {});
  return signedIn;
}

export async function loadSession() {
  try {
    return remember(await api("/auth/session"));
  } catch (error) {
    return remember(null);
  }
}

export async function signOut() {
  try { await api("/auth/sign-out", { method: "POST" }); } catch (error) { /* already gone */ }
  remember(null);
  // Cached answers belong to the person who signed out.
  if ("caches" in window) await caches.delete("yizhan-api");
}
