// @ts-check
// A message longer than a row shows, opened whole: its text and every byte in hex. A real
// <dialog>: it takes the keyboard's focus, Escape closes it, and focus goes back to the row.
import { html } from "htm/preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { shownData } from "./format.js";
import { dataLabel } from "./words.js";
/**
 * @import { JsonEventOf } from "../../events/types.ts"
 * @import { Translate } from "./i18n.js"
 * @import { Say } from "./words.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Say} props.say
 * @param {{ ev: JsonEventOf<"read" | "frame" | "sent"> }} props.row The row of a message.
 * @param {string} props.encoding
 * @param {() => void} props.onClose
 */
export function MessageDialog({ t, say, row, encoding, onClose }) {
  const dialog = useRef(/** @type {HTMLDialogElement | null} */ (null));
  // Modal in the same task that puts it in the page (a layout effect, not an effect, which runs
  // after paint): a key pressed the moment it shows must reach it, or Escape goes nowhere.
  useLayoutEffect(() => {
    const el = dialog.current;
    if (!el) return;
    el.showModal();
    el.addEventListener("close", onClose);
    return () => el.removeEventListener("close", onClose);
  }, []);
  const ev = row.ev;
  return html`
    <dialog ref=${dialog} class="message" data-fc="message">
      <header>
        <b>${dataLabel(ev, say)}</b> <span>${ev.bytes} B</span>
        ${ev.peer ? html`<span class="peer-name">${ev.peer}</span>` : ""}
        <span class="grow"></span>
        <button data-fc="close" onClick=${() => dialog.current?.close()}>${t("close")}</button>
      </header>
      <h4>${t("textIn", { encoding })}</h4>
      <pre class="data">${shownData(ev, "text", encoding, true).text}</pre>
      <h4>${t("hex")}</h4>
      <pre class="data">${shownData(ev, "hex", encoding, true).text}</pre>
    </dialog>
  `;
}
