// @ts-check
// What was sent from the page to this session, newest first: a click sends it again.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { sendMessage, useHistory } from "./talk_state.js";
import { useSay } from "./words.js";
/**
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {string} props.peer
 */
export function SendHistory({ t, lang, session, peer }) {
  const say = useSay(lang);
  const history = useHistory(session.id);
  const [result, setResult] = useState("");
  return html`
    <details class="send-history" data-fc="history" open>
      <summary>${t("history")} (${history.messages.length})</summary>
      <ol class="history-list">
        ${history.messages.map((m, i) =>
          html`
            <li key=${i}>
              <button type="button" data-fc="history-entry" data-text=${m.text}
                title=${t("history.again")}
                onClick=${async () => setResult(await sendMessage(t, say, session, peer, m))}>
                ${m.mode === "hex" ? `${t("hex")} ${m.text}` : m.text}
              </button>
            </li>
          `
        )}
      </ol>
      ${result ? html`<p class="result" data-fc="history-result">${result}</p>` : ""}
    </details>
  `;
}
