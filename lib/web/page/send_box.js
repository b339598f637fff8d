// @ts-check
// The send box: text (with escapes) or hex, json header fields, a repeat count and
// interval (timed sending), or a file; framed by the session as it frames everything.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { call, upload } from "./api.js";
import { historyOf, NO_PEERS, nobodyThere, saidOf, talkOf } from "./talk_state.js";
import { checkedTo, valueTo } from "./inputs.js";
import { useSay } from "./words.js";
import { MAX_COUNT, MAX_INTERVAL_MS, MAX_PAGE_FILE } from "shared/limits.js";
/**
 * @import { SendRequest } from "../send.ts"
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 * @import { Message, Result } from "./talk_state.js"
 */

/**
 * A field's value as a whole number from `min` to `max`, or undefined (empty, a fraction, out
 * of range).
 * @param {number | string} value
 * @param {number} min
 * @param {number} max
 */
function wholeIn(value, min, max) {
  const n = typeof value === "number" ? value : String(value).trim() === "" ? NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/**
 * `key=value` lines as a header object.
 * @param {string} text
 */
function headerOf(text) {
  /** @type {Record<string, string>} */
  const header = {};
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) header[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return Object.keys(header).length > 0 ? header : undefined;
}

/**
 * A file's bytes as base64, reporting how much was read.
 * @param {File} file
 * @param {(fraction: number) => void} onProgress
 * @returns {Promise<string>}
 */
function readFile(file, onProgress) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => onProgress(e.loaded / Math.max(1, e.total));
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {string} props.peer
 * @param {EventStore} props.store
 */
export function SendBox({ t, lang, session, peer, store }) {
  const say = useSay(lang);
  const [text, setText] = useState("");
  const [mode, setMode] = useState("text");
  const [escapes, setEscapes] = useState(true);
  const [header, setHeader] = useState("");
  // Header fields travel only in a json header: offered only where the session frames so.
  const json = "send_framing" in session && session.send_framing === "json";
  // As typed: a number, or the field's text.
  const [count, setCount] = useState(/** @type {number | string} */ (1));
  const [interval, setIntervalMs] = useState(/** @type {number | string} */ (0));
  const [forever, setForever] = useState(false);
  const [result, setResult] = useState(/** @type {Result | undefined} */ (undefined));
  const [progress, setProgress] = useState(/** @type {number | undefined} */ (undefined));

  /**
   * @param {{ hex: string } | { text: string, escapes: boolean } | { base64: string }} message
   * @param {(fraction: number) => void} [onProgress]
   * @param {string} [fileName]
   */
  const post = async (message, onProgress, fileName) => {
    const path = `/api/sessions/${session.id}/send`;
    const fields = json ? headerOf(header) : undefined;
    // Read here, said in the page's words: an emptied box is no count (Number("") is 0, which
    // framecat reads as "until stopped"), and the browser's own bubble speaks its language.
    const times = forever ? 0 : wholeIn(count, 1, MAX_COUNT);
    if (times === undefined) {
      setResult({ page: "count.bad", vars: { max: MAX_COUNT } });
      return false;
    }
    if (wholeIn(interval, 0, MAX_INTERVAL_MS) === undefined) {
      setResult({ page: "interval.bad", vars: { max: MAX_INTERVAL_MS } });
      return false;
    }
    /** @type {SendRequest} */
    const request = {
      ...(peer ? { peer } : {}),
      ...message,
      // A file carries its name, as `connect --send-file` does, where a header can carry it (json
      // framing: the save server).
      header: fileName && json ? { file_name: fileName, ...fields } : fields,
      count: times,
      interval: Number(interval),
      // A timed send answers at once with its id, so that its Stop can be offered.
      ...(times === 1 ? {} : { background: true }),
    };
    // Nobody to send to, as the peers' list shows: said as framecat says it, without asking it
    // (a refused request is an error in the browser's console). A peer that leaves meanwhile
    // still gets framecat's 409, said the same way.
    if (!peer && nobodyThere(session, store)) {
      setResult(NO_PEERS);
      return false;
    }
    const { status, body } = onProgress
      ? await upload(path, request, onProgress)
      : await call("POST", path, request);
    if (status === 202) {
      const at = performance.now();
      talkOf(store).started({ repeat: body.repeat, count: times, interval: Number(interval), at });
    }
    // A timed send says how it goes in its own line, with its Stop, for as long as it runs.
    setResult(
      status === 200
        ? { page: "sent", vars: { n: body.sent } }
        : status === 202
        ? undefined
        : { answer: body },
    );
    return status === 200 || status === 202;
  };
  /** @param {Event} e */
  const send = async (e) => {
    e.preventDefault();
    /** @type {Message} */
    const message = mode === "hex" ? { mode, text } : { mode: "text", text, escapes };
    if (await post(mode === "hex" ? { hex: text } : { text, escapes })) {
      historyOf(session.id).sent(message);
    }
  };
  // The bar fills as the file is read (first half), then as it goes to framecat.
  /** @param {Event} e */
  const sendFile = async (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const file = input.files?.[0];
    if (!file) return;
    input.value = "";
    // Not read at all: the browser would hold it whole, and framecat would refuse it.
    if (file.size > MAX_PAGE_FILE) {
      return setResult({
        page: "file.tooLarge",
        vars: { name: file.name, size: file.size, max: MAX_PAGE_FILE },
      });
    }
    // Nor when nobody would get it.
    if (!peer && nobodyThere(session, store)) return setResult(NO_PEERS);
    setProgress(0);
    try {
      const base64 = await readFile(file, (f) => setProgress(f / 2));
      await post({ base64 }, (f) => setProgress(0.5 + f / 2), file.name);
      setProgress(1);
    } catch (err) {
      setResult({ text: `${file.name}: ${/** @type {Error} */ (err).message}` });
    }
  };

  // Said at each render: in the language the page is in now.
  const said = saidOf(result, t, say);

  return html`
    <form class="send-box" onSubmit=${send} novalidate>
      <textarea
        data-fc="send-text"
        rows="2"
        placeholder=${mode === "hex" ? "68 65 6c 6c 6f" : "hello\\n"}
        value=${text}
        onInput=${valueTo(setText)}
      ></textarea>
      <div class="send-options">
        <select value=${mode} onChange=${valueTo(setMode)} data-fc="send-mode">
          <option value="text">${t("text")}</option>
          <option value="hex">${t("hex")}</option>
        </select>
        <label><input type="checkbox" checked=${escapes} data-fc="send-escapes"
          disabled=${mode === "hex"} onChange=${checkedTo(setEscapes)} />
          ${t("escapes")}</label>
        <label><input type="number" min="1" max=${MAX_COUNT} value=${count} data-fc="send-count"
          disabled=${forever} onInput=${valueTo(setCount)} /> ${t("count")}</label>
        <label><input type="checkbox" checked=${forever} data-fc="send-forever"
          onChange=${checkedTo(setForever)} /> ${t("repeat.untilStopped")}</label>
        <label><input type="number" min="0" max=${MAX_INTERVAL_MS} value=${interval} data-fc="send-interval"
          onInput=${valueTo(setIntervalMs)} /> ${t("interval")}</label>
        <button type="submit" data-fc="send">${t("send")}</button>
      </div>
      <details>
        <summary>${json ? html`${t("header")} · ${t("file")}` : t("file")}</summary>
        ${json
          ? html`
            <textarea rows="2" value=${header} data-fc="send-header"
              onInput=${valueTo(setHeader)} placeholder="file_name=a.txt"></textarea>
          `
          : ""}
        <label class="file-pick">${t("file.send")}
          <input type="file" data-fc="send-file" onChange=${sendFile} /></label>
        ${progress === undefined ? "" : html`<progress value=${progress} max="1"></progress>`}
      </details>
      ${said ? html`<p class="result" data-fc="send-result">${said}</p>` : ""}
    </form>
  `;
}
