// @ts-check
// The sessions, each with its state; one is chosen.
import { html } from "htm/preact";
import { Argv } from "./argv.js";
/**
 * @import { SessionSummary } from "../session.ts"
 * @import { Translate } from "./i18n.js"
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
 * @param {Listed[]} props.sessions
 * @param {string | undefined} props.chosen
 * @param {(id: string) => void} props.onChoose
 */
export function SessionList({ t, sessions, chosen, onChoose }) {
  return html`
    <section class="sessions">
      <h2>${t("sessions")}</h2>
      ${sessions.length === 0 ? html`<p class="hint">${t("noSessions")}</p>` : ""}
      <ul>
        ${sessions.map((s) =>
          html`
            <li key=${s.id}>
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
            </li>
          `
        )}
      </ul>
    </section>
  `;
}
