// @ts-check
// The timeline's controls: text or hex, the encoding, pause, clear, search, save, and how
// many events are not shown. Each value comes with its setter, as [value, set].
import { html } from "htm/preact";
import { download } from "./log_file.js";
import { useLists } from "./lists.js";
import { valueTo } from "./inputs.js";
/**
 * @import { Translate } from "./i18n.js"
 * @import { EventStore, Row } from "./store.js"
 */

/**
 * A value with its setter.
 * @template T
 * @typedef {[T, (value: T) => void]} State
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {EventStore} props.store
 * @param {State<"text" | "hex">} props.view
 * @param {State<string>} props.encoding
 * @param {State<string>} props.needle
 * @param {State<Row[] | undefined>} props.frozen The rows kept while paused.
 * @param {EventStore} [props.whole] The session's events when `store` holds only those stepped
 *   to (a demo, an opened log): Save log saves them all, and there is no Pause or Clear (the
 *   steps hold the timeline still; a cleared part would come back at the next step).
 */
export function TimelineBar({ t, store, view, encoding, needle, frozen, whole }) {
  const [shownAs, setView] = view;
  const [label, setEncoding] = encoding;
  const [text, setNeedle] = needle;
  const [still, setFrozen] = frozen;
  const encodings = useLists()?.encodings ?? ["utf-8"];
  const pause = () => setFrozen(still ? undefined : [...store.rows]);
  const clear = () => {
    store.clear();
    setFrozen(undefined);
  };
  return html`
    <div class="timeline-bar">
      <select value=${shownAs} onChange=${valueTo((v) =>
        setView(v === "hex" ? "hex" : "text")
      )} data-fc="view">
        <option value="text">${t("text")}</option>
        <option value="hex">${t("hex")}</option>
      </select>
      <label>${t("encoding")}
        <select value=${label} onChange=${valueTo(setEncoding)} data-fc="encoding">
          ${encodings.map((e) => html`<option value=${e}>${e}</option>`)}
        </select>
      </label>
      ${whole ? "" : html`
        <button data-fc="pause" onClick=${pause}>${still ? t("resume") : t("pause")}</button>
        <button data-fc="clear" onClick=${clear}>${t("clear")}</button>
      `}
      <input type="search" placeholder=${t("search")} value=${text} data-fc="search"
        onInput=${valueTo(setNeedle)} />
      <button data-fc="save" onClick=${() => download(whole ?? store)}>${t("save")}</button>
      ${store.dropped > 0
        ? html`<span class="dropped" data-fc="dropped" data-count=${store.dropped}>
          ${t("dropped", { n: store.dropped })}</span>`
        : ""}
    </div>
  `;
}
