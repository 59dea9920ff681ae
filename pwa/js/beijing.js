// Times people type and read are Beijing times, whatever zone the phone is set to (many
// phones in Xinjiang keep Xinjiang time, two hours behind): a form's "10:00" is sent as
// 10:00+08:00, and what the server sends is shown in Beijing time, saying so.
import { t } from "./i18n.js";

export const BEIJING = "Asia/Shanghai";

const parts = (date) => Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
  timeZone: BEIJING, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
}).formatToParts(date).map((p) => [p.type, p.value]));

// The value for <input type="datetime-local"> showing ``date`` in Beijing time.
export function beijingInput(date) {
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

// What a <input type="datetime-local"> holds, read as Beijing time, for the API.
export const fromBeijingInput = (value) => (value ? `${value.slice(0, 16)}:00+08:00` : null);

// "Beijing time" after a time a person could read as his phone's own.
export const beijingMark = () => t("time.beijing");

// A field label for a time typed in Beijing time.
export const beijingLabel = (label) => `${label} (${beijingMark()})`;
