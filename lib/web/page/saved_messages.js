// @ts-check
// Saved messages (NetAssist's 快捷指令): named, text or hex, each sent by one click to the
// chosen peer; kept in this browser, exported and imported as a JSON file.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { useInView } from "./in_view.js";
import { saidOf, sendMessage } from "./talk_state.js";
import { valueTo } from "./inputs.js";
import { useSay } from "./words.js";
/**
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 * @import { Result } from "./talk_state.js"
 */

/**
 * A saved message: its name, and what it sends.
 * @typedef {{ name: string, mode: "text" | "hex", text: string, escapes: boolean }} Saved
 */

const KEY = "framecat.saved";
/** Messages kept: a bound on what one import can put in the browser's storage. */
const MAX_SAVED = 500;

/**
 * A saved message as a file or the storage holds it, checked; undefined when it is not one.
 * @param {any} m What a file or the storage held: anything.
 * @returns {Saved | undefined}
 */
function checked(m) {
  if (typeof m !== "object" || m === null) return undefined;
  if (typeof m.name !== "string" || m.name === "" || typeof m.text !== "string") return undefined;
  if (m.mode !== "text" && m.mode !== "hex") return undefined;
  return { name: m.name, mode: m.mode, text: m.text, escapes: m.mode === "text" && !!m.escapes };
}

/** @returns {Saved[]} */
function load() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(list)
      ? list.map(checked).filter(/** @returns {m is Saved} */ (m) => m !== undefined)
      : [];
  } catch {
    return [];
  }
}

/**
 * `list` with `added` in, each replacing the one of its name.
 * @param {Saved[]} list
 * @param {Saved[]} added
 */
function merged(list, added) {
  const names = new Set(added.map((m) => m.name));
  return [...list.filter((m) => !names.has(m.name)), ...added].slice(0, MAX_SAVED);
}

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {string} props.peer
 * @param {EventStore} props.store
 */
export function SavedMessages({ t, lang, session, peer, store }) {
  const say = useSay(lang);
  const [saved, setSaved] = useState(load);
  /** The message being written, its fields as typed. */
  const [draft, setDraft] = useState(
    /** @type {Record<"name" | "mode" | "text", string> & { escapes: boolean }} */ ({
      name: "",
      mode: "text",
      text: "",
      escapes: true,
    }),
  );
  // What the line under the list says, as what was said: it follows the language switch.
  const [result, setResult] = useState(/** @type {Result | undefined} */ (undefined));
  /** @param {Saved[]} list */
  const keep = (list) => {
    setSaved(list);
    localStorage.setItem(KEY, JSON.stringify(list));
  };
  /** @param {Event} e */
  const add = (e) => {
    e.preventDefault();
    const message = checked(draft);
    if (!message) return setResult({ page: "saved.needName" });
    keep(merged(saved, [message]));
    setDraft({ ...draft, name: "", text: "" });
    setResult(undefined); // "needs a name" said before is no longer so
  };
  const exportFile = () => {
    const blob = new Blob([JSON.stringify(saved, null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "framecat-messages.json";
    a.click();
    URL.revokeObjectURL(a.href);
  };
  /** @param {Event} e */
  const importFile = async (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    /** @type {Result} */
    const bad = { page: "saved.badFile", of: file.name };
    try {
      const list = JSON.parse(await file.text());
      const messages = Array.isArray(list) ? list.map(checked) : [undefined];
      const good = messages.filter(/** @returns {m is Saved} */ (m) => m !== undefined);
      if (good.length < messages.length) return setResult(bad);
      keep(merged(saved, good));
      setResult({ page: "saved.imported", vars: { n: good.length } });
    } catch (err) {
      setResult(
        err instanceof SyntaxError
          ? bad
          : { text: `${file.name}: ${/** @type {Error} */ (err).message}` },
      );
    }
  };
  // Said at each render: in the language the page is in now.
  const said = saidOf(result, t, say);
  const resultLine = useInView(result);
  /** @param {"name" | "mode" | "text"} name */
  const field = (name) => valueTo((value) => setDraft({ ...draft, [name]: value }));
  return html`
    <details class="saved-messages" data-fc="saved" open>
      <summary>${t("saved")} (${saved.length})</summary>
      <ul class="saved-list">
        ${saved.map((m) =>
          html`
            <li key=${m.name}>
              <button type="button" data-fc="saved-send" data-name=${m.name} title=${m.text}
                onClick=${async () => setResult(await sendMessage(session, store, peer, m))}>
                ${m.name}</button>
              <code class="saved-text">${m.mode === "hex" ? `${t("hex")} ${m.text}` : m.text}</code>
              <button type="button" data-fc="saved-remove" title=${t("rule.remove")}
                onClick=${() => keep(saved.filter((s) => s !== m))}>×</button>
            </li>
          `
        )}
      </ul>
      <form class="saved-add" onSubmit=${add}>
        <input data-fc="saved-name" value=${draft.name} placeholder=${t("saved.name")}
          onInput=${field("name")} />
        <select data-fc="saved-mode" value=${draft.mode} onChange=${field("mode")}>
          <option value="text">${t("text")}</option>
          <option value="hex">${t("hex")}</option>
        </select>
        <input data-fc="saved-text" value=${draft.text} onInput=${field("text")}
          placeholder=${draft.mode === "hex" ? "01 03 00 00 00 02" : "PING\\r\\n"} />
        <button type="submit" data-fc="saved-add">${t("saved.add")}</button>
      </form>
      <div class="saved-files">
        <button type="button" data-fc="saved-export" onClick=${exportFile}>${t(
          "saved.export",
        )}</button>
        <label class="file-pick">${t("saved.import")}
          <input type="file" accept=".json,application/json" data-fc="saved-import"
            onChange=${importFile} /></label>
      </div>
      ${said ? html`<p class="result" data-fc="saved-result" ref=${resultLine}>${said}</p>` : ""}
    </details>
  `;
}
