// Pieces shared by the place screens: amenities with icons, opening hours, open-now badge.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const ICONS = { seats: "🪑", first_aid: "⛑️", wifi: "📶", umbrellas: "☂️", medicine: "💊", phone_charging: "🔌",
  battery_charging: "🔋", drinking_water: "🚰", hot_water: "♨️", microwave: "🍱", toilet: "🚻", heating: "🔥",
  cooling: "❄️" };
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export function amenityList(keys) {
  return h("ul", { class: "amenities" }, keys.map((key) =>
    h("li", {}, h("span", { class: "icon", "aria-hidden": "true" }, ICONS[key] || "•"), t(`amenity.${key}`))));
}

export function openBadge(openNow) {
  if (openNow === null || openNow === undefined) return h("span", { class: "tag" }, t("hours.unknown"));
  return h("span", { class: openNow ? "tag open" : "tag warn" }, openNow ? t("hours.open") : t("hours.closed"));
}

export function dayText(day) {
  if (!day) return t("hours.closed.day");
  if (day[0] === "00:00" && day[1] === "24:00") return t("hours.allday");
  return `${day[0]}–${day[1]}`;
}

// The week's hours, today (in Beijing) marked.
export function hoursTable(hours) {
  if (!hours) return h("p", { class: "meta" }, t("hours.unknown"));
  const today = (new Date(Date.now() + 8 * 3600 * 1000).getUTCDay() + 6) % 7;
  return h("table", { class: "hours" }, h("tbody", {}, WEEKDAYS.map((day, i) =>
    h("tr", { class: i === today ? "today" : "" }, h("th", { scope: "row" }, t(`weekday.${day}`)),
      h("td", { dir: "ltr" }, dayText(hours[i]))))));
}
