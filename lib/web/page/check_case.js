// One case of a check, chosen in its table: the explanation in the page's language and,
// for a failure, its conversation as a timeline (writes, reads, frames), as it happened.
import { html } from "htm/preact";
import { useMemo } from "preact/hooks";
import { EventStore } from "./store.js";
import { Timeline } from "./timeline.js";
import { useSay } from "./words.js";

export function CheckCase({ t, lang, ev }) {
  const say = useSay(lang);
  const conversation = useMemo(() => {
    const store = new EventStore();
    store.add({ events: ev.conversation ?? [], skipped: 0 });
    return store;
  }, [ev]);
  return html`
    <section class="check-case" data-fc="check-case">
      <h3>${ev.target} · ${say(`check_way.${ev.way}`)} · ${say(
        `check_report.${ev.passed ? "pass" : "fail"}`,
      )}</h3>
      <p class=${ev.passed ? "" : "explanation"} data-fc="explanation">${say(ev.said)}</p>
      ${ev.conversation ? html`<${Timeline} t=${t} lang=${lang} store=${conversation} />` : ""}
    </section>
  `;
}
