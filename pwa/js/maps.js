// Where a place is, without loading a map: "open in map" hands the point to the phone's own
// map (geo:) or to the map apps people here use (their web addresses open the app when it
// is installed); "stations nearby" says how far and which way to walk.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const DIRECTIONS = ["n", "ne", "e", "se", "s", "sw", "w", "nw"];

export function mapLinks(place, name) {
  if (place.latitude == null || place.longitude == null) return null;
  const lat = place.latitude.toFixed(6);
  const lng = place.longitude.toFixed(6);
  const label = encodeURIComponent(name);
  const link = (href, key, id) => h("a", { class: "button secondary small", href, id, rel: "noopener", target: key === "map.phone" ? null : "_blank" }, t(key));
  return h("nav", { class: "map-links", id: "map-links", "aria-label": t("map.open") },
    link(`geo:${lat},${lng}?q=${lat},${lng}(${label})`, "map.phone", "map-geo"),
    link(`https://uri.amap.com/marker?position=${lng},${lat}&name=${label}&coordinate=wgs84&callnative=1`, "map.amap", "map-amap"),
    link(`https://api.map.baidu.com/marker?location=${lat},${lng}&title=${label}&content=${label}&coord_type=wgs84&output=html&src=yizhan`,
      "map.baidu", "map-baidu"),
    link(`https://apis.map.qq.com/uri/v1/marker?marker=coord:${lat},${lng};title:${label}&coord_type=1&referer=yizhan`,
      "map.tencent", "map-tencent"));
}

// Degrees from north, walking from one point to another (great-circle initial bearing).
export function bearing(from, to) {
  const rad = Math.PI / 180;
  const [φ1, φ2, Δλ] = [from.lat * rad, to.lat * rad, (to.lng - from.lng) * rad];
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return (Math.atan2(y, x) / rad + 360) % 360;
}

// "350 m north-east" / "1.2 km south".
export function walkText(km, degrees) {
  const distance = km < 1 ? t("map.metres", { n: Math.round(km * 1000 / 10) * 10 }) : t("map.km", { n: km.toFixed(1) });
  if (degrees == null) return distance;
  return t("map.walk", { distance, direction: t(`map.direction.${DIRECTIONS[Math.round(degrees / 45) % 8]}`) });
}
