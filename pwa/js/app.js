import { api, ApiError, forgetSession } from "./api.js";

const ROLE_NAMES = {
  admin: "管理员", community_worker: "社区工作者", station_head: "站长",
  property_staff: "物业", rider: "骑手", resident: "居民",
};

const form = document.getElementById("sign-in");
const home = document.getElementById("home");

function show(signedIn) {
  form.hidden = Boolean(signedIn);
  home.hidden = !signedIn;
  if (signedIn) {
    home.querySelector("[data-name]").textContent = signedIn.account.name;
    home.querySelector("[data-role]").textContent = ROLE_NAMES[signedIn.account.role] || "";
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = form.querySelector(".error");
  error.hidden = true;
  const fields = new FormData(form);
  try {
    show(await api("/auth/sign-in", { method: "POST", body: {
      login: fields.get("login"), password: fields.get("password") } }));
  } catch (err) {
    error.textContent = err instanceof ApiError ? err.message : "网络不可用";
    error.hidden = false;
  }
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await api("/auth/sign-out", { method: "POST" });
  forgetSession();
  show(null);
});

api("/auth/session").then(show, () => show(null));
