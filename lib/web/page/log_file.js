// @ts-check
// Saving a session's events as NDJSON, and opening an NDJSON log (the page's, or what
// `framecat … --output json` printed) to replay it.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { parseExact } from "./exact_json.js";
/**
 * @import { JsonEvent } from "../../events/types.ts"
 * @import { Translate } from "./i18n.js"
 * @import { EventStore } from "./store.js"
 */

/**
 * Downloads the store's events as `framecat-….ndjson`.
 * @param {EventStore} store
 */
export function download(store) {
  const blob = new Blob([store.ndjson()], { type: "application/x-ndjson" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `framecat-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** A line of a log that is not a framecat event: `key` says why (the page's words), `line` where. */
export class LogLineError extends Error {
  /**
   * @param {"log.notJson" | "log.notEvent" | "log.notBase64"} key
   * @param {number} line
   */
  constructor(key, line) {
    super(`${key} ${line}`);
    this.key = key;
    this.line = line;
  }
}

/**
 * The events of an NDJSON text; a line that is not an event object is an error naming it.
 * A log of another framecat may have fields this one does not know: they are kept as they are.
 * @param {string} text
 * @returns {JsonEvent[]}
 */
export function parseLog(text) {
  /** @type {JsonEvent[]} */
  const events = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let ev;
    try {
      ev = parseExact(line);
    } catch {
      throw new LogLineError("log.notJson", i + 1);
    }
    if (typeof ev !== "object" || ev === null || typeof ev.event !== "string") {
      throw new LogLineError("log.notEvent", i + 1);
    }
    // The bytes of a read, a frame or a send: drawn from it, so refused here when they cannot be.
    if ("base64" in ev && !isBase64(ev.base64)) throw new LogLineError("log.notBase64", i + 1);
    events.push(ev);
  });
  return events;
}

/** @param {unknown} value */
function isBase64(value) {
  if (typeof value !== "string") return false;
  try {
    atob(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {(name: string, events: JsonEvent[]) => void} props.onOpen
 */
export function OpenLog({ t, onOpen }) {
  // Kept as what went wrong, not as a sentence: said in the page's language when drawn, so
  // that switching the language switches it too.
  const [error, setError] = useState(
    /** @type {{ name: string, cause: unknown } | undefined} */ (undefined),
  );
  /** @param {Event} e */
  const open = async (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const file = input.files?.[0];
    if (!file) return;
    try {
      onOpen(file.name, parseLog(await file.text()));
      setError(undefined);
    } catch (cause) {
      setError({ name: file.name, cause });
    }
    input.value = "";
  };
  const said = (/** @type {unknown} */ cause) =>
    cause instanceof LogLineError
      ? t(cause.key, { line: cause.line })
      : /** @type {Error} */ (cause).message;
  return html`
    <label class="open-log">${t("open")}
      <input type="file" accept=".ndjson,.json,.log,.txt" data-fc="open-log" onChange=${open} />
    </label>
    ${error
      ? html`<span class="error" role="alert" data-fc="open-log-error">${error.name}: ${
        said(error.cause)
      }</span>`
      : ""}
  `;
}
