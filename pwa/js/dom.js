// A tiny element builder: h("p", {class: "x", onclick: fn}, "text", child).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

// A form field: label above its input, the server's message for it below.
export function field(label, input) {
  const message = h("span", { class: "field-error", role: "alert", hidden: true });
  message.dataset.for = input.name;
  return h("label", { class: "field" }, h("span", {}, label), input, message);
}

// Show a problem document's per-field messages next to the fields, the rest on top.
export function showProblem(form, error) {
  for (const el of form.querySelectorAll(".field-error")) el.hidden = true;
  const general = form.querySelector(".form-error");
  let placed = false;
  for (const item of error.errors || []) {
    const slot = form.querySelector(`.field-error[data-for="${item.field}"]`);
    if (slot) { slot.textContent = item.message; slot.hidden = false; placed = true; }
  }
  if (general) {
    general.textContent = error.message;
    general.hidden = placed && error.code === "validation_failed";
  }
}

export function clearProblem(form) {
  for (const el of form.querySelectorAll(".field-error, .form-error")) el.hidden = true;
}
