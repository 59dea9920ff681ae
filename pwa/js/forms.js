// Sending a form, the same way everywhere: its buttons are disabled while it goes (no double
// submits), earlier messages are cleared, the server's per-field messages land beside their
// fields (the rest above them), the buttons come back, and on success the screen is drawn
// afresh — or ``then(answer)`` runs instead (``then: null``: nothing more).
import { clearProblem, showProblem } from "./dom.js";
import { render } from "./router.js";

export function submitting(form, send, { then = () => render() } = {}) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll("button[type=submit]")];
    for (const button of buttons) button.disabled = true;
    clearProblem(form);
    try {
      const answer = await send(new FormData(form), event);
      if (then) await then(answer);
    } catch (error) {
      showProblem(form, error);
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  });
  return form;
}
