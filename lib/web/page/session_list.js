// The sessions, each with its state; one is chosen.
import { html } from "htm/preact";
import { Argv } from "./argv.js";

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
                <${Argv} words=${s.argv} prefix=${s.log ? `${t("replay")}:` : "framecat"} />
                ${s.address ? html`<span class="addr">${s.address}</span>` : ""}
              </button>
            </li>
          `
        )}
      </ul>
    </section>
  `;
}
