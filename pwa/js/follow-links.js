// Follow links of reports sent as a guest on this phone, kept until someone signs in here:
// then they join his account ("my reports") — the link proves he sent them.
import { api } from "./api.js";

const KEPT = "yizhan.follow-links";

const kept = () => { try { return JSON.parse(localStorage.getItem(KEPT) || "[]"); } catch (error) { return []; } };

export function keepFollowLink(path) {
  const links = kept().filter((p) => p !== path);
  localStorage.setItem(KEPT, JSON.stringify([...links, path].slice(-20)));
}

// Called once someone is signed in: each kept report joins the account (one that already
// belongs to another is left alone); the list is emptied either way.
export async function adoptKeptReports() {
  const links = kept();
  if (!links.length) return;
  localStorage.removeItem(KEPT);
  for (const path of links) {
    const ref = path.split("/").pop();
    await api(`/follow/${ref}/adopt`, { method: "POST" }).catch(() => {});
  }
}
