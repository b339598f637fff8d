// @ts-check
// One case of a check, chosen in its table: the explanation in the page's language and,
// for a failure, its conversation as a timeline (writes, reads, frames), as it happened.
import { html } from "htm/preact";
import { useMemo } from "preact/hooks";
import { EventStore } from "./store.js";
import { Timeline } from "./timeline.js";
import { useSay } from "./words.js";
/**
 * @import { JsonEvent, JsonEventOf } from "../../events/types.ts"
 * @import { Lang, Translate } from "./i18n.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {JsonEventOf<"check">} props.ev
 */
export function CheckCase({ t, lang, ev }) {
  const say = useSay(lang);
  const conversation = useMemo(() => {
    const store = new EventStore();
    // The conversation's events are those of `--output json`, as the schema holds them to be.
    const events = /** @type {JsonEvent[]} */ (ev.conversation ?? []);
    store.add({ events, skipped: 0 });
    return store;
  }, [ev]);
  return html`
    <section class="check-case" data-fc="check-case">
      <h3>${ev.target} · ${say(`check_way.${ev.way}`)} · ${say(
        `check_report.${ev.passed ? "pass" : "fail"}`,
      )}</h3>
      <p class=${ev.passed ? "" : "explanation"} data-fc="explanation">${ev.said
        ? say(ev.said)
        : ev.message}</p>
      ${ev.conversation ? html`<${Timeline} t=${t} lang=${lang} store=${conversation} />` : ""}
    </section>
  `;
}
