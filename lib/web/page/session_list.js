// @ts-check
// The sessions, each with its state; one is chosen. An ended one (and an opened log) can be
// removed from the list, as a finished download is; a running one is stopped first.
import { html } from "htm/preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { Argv } from "./argv.js";
import { useSay } from "./words.js";
/**
 * @import { SessionSummary } from "../session.ts"
 * @import { Lang, Translate } from "./i18n.js"
 */

/**
 * A log opened from a file, listed beside the sessions and replayed like a demo: it has
 * no address, no peers and no error of its own.
 * @typedef {object} OpenedLog
 * @property {string} id
 * @property {string[]} argv
 * @property {"log"} state
 * @property {true} log
 * @property {[]} peers
 * @property {undefined} [address]
 * @property {undefined} [error]
 */

/**
 * A session of framecat's (`polled`: when the page asked for it, performance.now()), or an
 * opened log.
 * @typedef {(SessionSummary & { log?: undefined, polled?: number }) | OpenedLog} Listed
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed[]} props.sessions
 * @param {string | undefined} props.chosen
 * @param {(id: string) => void} props.onChoose
 * @param {(id: string) => void} props.onRemove
 */
export function SessionList({ t, lang, sessions, chosen, onChoose, onRemove }) {
  const say = useSay(lang);
  const list = useRef(/** @type {HTMLUListElement | null} */ (null));
  // The list scrolls on its own (the form under it stays in reach): the session chosen, or just
  // started at its end, is scrolled into it — the list alone, not the panel around it.
  const count = sessions.length;
  useLayoutEffect(() => {
    const ul = list.current;
    const row = chosen === undefined
      ? null
      : ul?.querySelector(`[data-fc=session][data-id="${CSS.escape(chosen)}"]`);
    if (!ul || !row) return;
    const [box, seen] = [row.getBoundingClientRect(), ul.getBoundingClientRect()];
    if (box.top < seen.top) ul.scrollTop -= seen.top - box.top;
    else if (box.bottom > seen.bottom) ul.scrollTop += box.bottom - seen.bottom;
  }, [chosen, count]);
  /**
   * Removes a row; the keyboard's focus goes to the row that takes its place.
   * @param {Listed} s
   * @param {Event} e
   */
  const remove = (s, e) => {
    const li = /** @type {HTMLElement} */ (e.currentTarget).closest("li");
    const next = li?.nextElementSibling ?? li?.previousElementSibling;
    const focus = next?.querySelector("[data-fc=remove]") ??
      next?.querySelector("[data-fc=session]");
    /** @type {HTMLElement | null | undefined} */ (focus)?.focus();
    onRemove(s.id);
  };
  return html`
    <section class="sessions">
      <h2>${t("sessions")}</h2>
      ${sessions.length === 0 ? html`<p class="hint">${t("noSessions")}</p>` : ""}
      <ul ref=${list} data-fc="sessions">
        ${sessions.map((s) =>
          html`
            <li key=${s.id} class=${s.state === "running" ? "" : "removable"}>
              <button
                data-fc="session"
                data-id=${s.id}
                data-state=${s.state}
                class=${`session ${s.id === chosen ? "chosen" : ""}`}
                onClick=${() => onChoose(s.id)}
              >
                <span class=${`dot ${s.state}`}></span>
                <${Argv} words=${s.argv} prefix=${s.log ? t("replay") : "framecat"} />
                ${s.address ? html`<span class="addr">${s.address}</span>` : ""}
              </button>
              ${s.state === "running" ? "" : html`
                <button
                  class="remove"
                  data-fc="remove"
                  data-id=${s.id}
                  title=${say("web.remove")}
                  aria-label=${say("web.remove_named", { argv: s.argv.join(" ") })}
                  onClick=${(/** @type {Event} */ e) => remove(s, e)}
                >×</button>
              `}
            </li>
          `
        )}
      </ul>
    </section>
  `;
}
