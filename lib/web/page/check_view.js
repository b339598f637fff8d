// @ts-check
// A check as a session: its head, the table of targets × ways, and the case chosen in it.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { SessionHead } from "./session_head.js";
import { CheckTable } from "./check_table.js";
import { CheckCase } from "./check_case.js";
import { useSay } from "./words.js";
/**
 * @import { JsonEventOf } from "../../events/types.ts"
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {EventStore | undefined} props.store
 * @param {() => void} props.onChange
 */
export function CheckView({ t, lang, session, store, onChange }) {
  const say = useSay(lang);
  const [chosen, setChosen] = useState(
    /** @type {JsonEventOf<"check"> | undefined} */ (undefined),
  );
  return html`
    <section class="session-view check-view">
      <${SessionHead} t=${t} lang=${lang} session=${session} onChange=${onChange} />
      ${store
        ? html`
          <${CheckTable} lang=${lang} store=${store} chosen=${chosen}
            onChoose=${setChosen} />
        `
        : ""}
      ${chosen
        ? html`
          <${CheckCase} key=${`${chosen.target} ${chosen.way}`} t=${t} lang=${lang}
            ev=${chosen} />
        `
        : html`<p class="hint">${say("check_page.choose")}</p>`}
    </section>
  `;
}
