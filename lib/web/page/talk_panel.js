// @ts-check
// Talking back, beside the send box: the timed sends running, the history of sends, the saved
// messages and the session's reply rules.
import { html } from "htm/preact";
import { ReplyRules } from "./reply_rules.js";
import { RunningRepeats } from "./running_repeats.js";
import { SavedMessages } from "./saved_messages.js";
import { SendHistory } from "./send_history.js";
/**
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {string} props.peer
 * @param {EventStore} props.store
 * @param {() => void} props.onChange
 */
export function TalkPanel({ t, lang, session, peer, store, onChange }) {
  return html`
    <div class="talk-panel" data-fc="talk">
      <${RunningRepeats} t=${t} lang=${lang} session=${session} store=${store} />
      <${SendHistory} t=${t} lang=${lang} session=${session} peer=${peer}
        store=${store} />
      <${SavedMessages} t=${t} lang=${lang} session=${session} peer=${peer}
        store=${store} />
      <${ReplyRules} t=${t} lang=${lang} session=${session} onChange=${onChange} />
    </div>
  `;
}
