// @ts-check
// What was sent from the page to this session, newest first: a click sends it again.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { saidOf, sendMessage, useHistory } from "./talk_state.js";
import { useSay } from "./words.js";
/**
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 * @import { Result } from "./talk_state.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {string} props.peer
 * @param {EventStore} props.store
 */
export function SendHistory({ t, lang, session, peer, store }) {
  const say = useSay(lang);
  const history = useHistory(session.id);
  const [result, setResult] = useState(/** @type {Result | undefined} */ (undefined));
  // Said at each render: in the language the page is in now.
  const said = saidOf(result, t, say);
  return html`
    <details class="send-history" data-fc="history" open>
      <summary>${t("history")} (${history.messages.length})</summary>
      <ol class="history-list">
        ${history.messages.map((m, i) =>
          html`
            <li key=${i}>
              <button type="button" data-fc="history-entry" data-text=${m.text}
                title=${t("history.again")}
                onClick=${async () => setResult(await sendMessage(session, store, peer, m))}>
                ${m.mode === "hex" ? `${t("hex")} ${shown(m.text)}` : shown(m.text)}
              </button>
            </li>
          `
        )}
      </ol>
      ${said ? html`<p class="result" data-fc="history-result">${said}</p>` : ""}
    </details>
  `;
}

/** Most characters of a message its entry shows: a long one is cut (the whole is sent again). */
const SHOWN = 120;

/**
 * A sent message as its entry shows it: an empty one as `""`, a long one cut with `…`.
 * @param {string} text
 */
function shown(text) {
  if (text === "") return '""';
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}
