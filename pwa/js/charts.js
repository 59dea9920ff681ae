// Small charts as plain SVG: nothing to download, readable on paper, each bar an element
// (g.bar) with its numbers in a <title> for screen readers and hover.
const NS = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(key, value);
  for (const child of children.flat()) if (child !== null && child !== undefined) el.append(child instanceof Node ? child : String(child));
  return el;
}

const title = (text) => s("title", {}, text);

function frame(id, width, height, label) {
  return s("svg", { id, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "chart",
    preserveAspectRatio: "xMidYMid meet" });
}

function legend(series) {
  const box = document.createElement("ul");
  box.className = "legend";
  for (const { label, color } of series) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = color;
    item.append(swatch, label);
    box.append(item);
  }
  return box;
}

// Vertical stacked bars: rows [{label, values: [..]}], series [{label, color}].
export function stackedColumns(id, label, rows, series, { short = (x) => x } = {}) {
  const width = 640, height = 260, left = 36, bottom = 36, top = 10;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const step = (width - left - 8) / Math.max(1, rows.length);
  const barWidth = Math.max(4, step * 0.7);
  const scale = (height - bottom - top) / max;
  const every = Math.ceil(rows.length / 12); // at most a dozen labels under the bars
  const svg = frame(id, width, height, label);
  for (const tick of [0, Math.round(max / 2), max]) {
    const y = height - bottom - tick * scale;
    svg.append(s("line", { x1: left, x2: width - 4, y1: y, y2: y, class: "grid" }),
      s("text", { x: left - 4, y: y + 4, class: "axis", "text-anchor": "end" }, tick));
  }
  rows.forEach((row, i) => {
    const x = left + i * step + (step - barWidth) / 2;
    let y = height - bottom;
    const bar = s("g", { class: "bar", "data-key": row.key ?? row.label },
      title(`${row.label}: ${series.map((serie, j) => `${serie.label} ${row.values[j]}`).join(", ")}`));
    row.values.forEach((value, j) => {
      const h = value * scale;
      y -= h;
      if (value > 0) bar.append(s("rect", { x, y, width: barWidth, height: h, fill: series[j].color }));
    });
    if (i % every === 0) bar.append(s("text", { x: x + barWidth / 2, y: height - bottom + 16, class: "axis", "text-anchor": "middle" }, short(row.label)));
    svg.append(bar);
  });
  const wrap = document.createElement("div");
  wrap.append(svg, legend(series));
  return wrap;
}

// Horizontal bars: rows [{label, value, text}] — one bar each, value against max.
export function bars(id, label, rows, { max = null, color = "#b00020" } = {}) {
  const width = 640, line = 30, left = 190;
  const height = Math.max(line, rows.length * line) + 8;
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  const svg = frame(id, width, height, label);
  rows.forEach((row, i) => {
    const y = 4 + i * line;
    const w = Math.max(row.value > 0 ? 2 : 0, (row.value / top) * (width - left - 70));
    svg.append(s("g", { class: "bar", "data-key": row.key ?? row.label }, title(`${row.label}: ${row.text ?? row.value}`),
      s("text", { x: left - 8, y: y + line / 2 + 5, class: "axis", "text-anchor": "end" }, row.label.slice(0, 14)),
      s("rect", { x: left, y: y + 4, width: w, height: line - 10, fill: color }),
      s("text", { x: left + w + 6, y: y + line / 2 + 5, class: "value" }, row.text ?? row.value)));
  });
  return svg;
}

// Clustered horizontal bars: rows [{label, values}], one short bar per series.
export function clusters(id, label, rows, series) {
  const width = 640, left = 150, thick = 9, gap = 10;
  const block = series.length * thick + gap;
  const height = Math.max(block, rows.length * block) + 8;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const svg = frame(id, width, height, label);
  rows.forEach((row, i) => {
    const y = 4 + i * block;
    const bar = s("g", { class: "bar", "data-key": row.key ?? row.label },
      title(`${row.label}: ${series.map((serie, j) => `${serie.label} ${row.values[j]}`).join(", ")}`),
      s("text", { x: left - 8, y: y + block / 2 + 2, class: "axis", "text-anchor": "end" }, row.label.slice(0, 10)));
    row.values.forEach((value, j) => {
      const w = (value / max) * (width - left - 40);
      bar.append(s("rect", { x: left, y: y + j * thick, width: Math.max(value > 0 ? 2 : 0, w), height: thick - 2, fill: series[j].color }),
        s("text", { x: left + w + 4, y: y + j * thick + thick - 2, class: "value small" }, value));
    });
    svg.append(bar);
  });
  const wrap = document.createElement("div");
  wrap.append(svg, legend(series));
  return wrap;
}

// Places as circles on their coordinates (a flat projection is right at a district's
// size), area by the count; the busiest are named.
export function placeMap(id, label, places, { named = 5 } = {}) {
  const located = places.filter((p) => p.latitude !== null && p.longitude !== null);
  const width = 640, height = 360, pad = 40;
  const svg = frame(id, width, height, label);
  svg.append(s("rect", { x: 0, y: 0, width, height, class: "map-ground" }));
  if (!located.length) return svg;
  const lats = located.map((p) => p.latitude), lngs = located.map((p) => p.longitude);
  const [minLat, maxLat, minLng, maxLng] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  const squash = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const spanX = Math.max(1e-4, (maxLng - minLng) * squash), spanY = Math.max(1e-4, maxLat - minLat);
  const k = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const most = Math.max(...located.map((p) => p.received));
  located.forEach((place, i) => {
    const x = pad + ((place.longitude - minLng) * squash) * k + (width - 2 * pad - spanX * k) / 2;
    const y = height - pad - (place.latitude - minLat) * k - (height - 2 * pad - spanY * k) / 2;
    const r = 5 + 20 * Math.sqrt(place.received / most);
    svg.append(s("g", { class: "place", "data-key": place.id }, title(`${place.name}: ${place.received} (${place.open})`),
      s("circle", { cx: x, cy: y, r, class: place.open ? "spot open" : "spot" }),
      s("text", { x, y: y + 4, class: "spot-count", "text-anchor": "middle" }, place.received),
      i < named ? s("text", { x, y: y - r - 4, class: "axis", "text-anchor": "middle" }, place.name.slice(0, 12)) : null));
  });
  return svg;
}
