// @ts-check
// A demo or an opened log, stepped through one event at a time (or played), with the
// demo's narration in the page's language as each phase ends. It opens on its first event.
import { html } from "htm/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { fill } from "shared/say.js";
import { call } from "./api.js";
import { Unbroken } from "./argv.js";
import { EventStore } from "./store.js";
import { Timeline } from "./timeline.js";
import { useStore } from "./use_store.js";
/**
 * @import { JsonSubKindOf } from "../../events/types.ts"
 * @import { Lang, Translate } from "./i18n.js"
 */

/** One step every this many ms while playing... */
const PLAY_MS = 350;
/** ...or faster, so that playing a long one (udp-loss: 661 events) takes at most this long. */
const PLAY_ALL_MS = 30_000;

/**
 * The demos' narration in one language, from framecat (undefined until it answers).
 * @param {Lang} lang
 */
function useNarration(lang) {
  const [text, setText] = useState(
    /** @type {{ messages: Record<string, string> } | undefined} */ (undefined),
  );
  useEffect(() => {
    call("GET", `/api/narration?lang=${lang}`).then(({ body }) => setText(body));
  }, [lang]);
  return text;
}

/**
 * Narration as it reads: `code` in backquotes shown as code, never the backquotes themselves.
 * @param {{ text: string }} props
 */
export function Rich({ text }) {
  const parts = text.split("`");
  return parts.map((part, i) =>
    i % 2 === 1 ? html`<code class="w">${part}</code>` : html`<${Unbroken} text=${part} />`
  );
}

/**
 * One phase's narration, whole. The newest is open; an earlier one folds to its heading when
 * the next phase ends, so that on a projector the timeline below keeps its room — a click
 * opens it again, whole.
 * @param {object} props
 * @param {JsonSubKindOf<"stats", "demo">} props.ev The stats that end the phase.
 * @param {Record<string, string>} props.messages The narration in the page's language.
 * @param {boolean} props.newest
 */
function Phase({ ev, messages, newest }) {
  const say = (/** @type {string} */ part) =>
    fill(messages[`${ev.demo}.${ev.phase}.${part}`] ?? "", ev);
  return html`
    <details class="phase" open=${newest}>
      <summary>
        <h3>
          <${Rich} text=${say("heading")} />
        </h3>
      </summary>
      <p>
        <${Rich} text=${say("explain")} />
      </p>
    </details>
  `;
}

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {EventStore} props.store
 */
export function Stepper({ t, lang, store }) {
  useStore(store);
  const events = store.rows.map((r) => r.ev);
  const end = events.length;
  // Infinity once End is pressed: then it stays at the end as more events come (a demo still
  // running, or the rest of a backlog still arriving). Step and Back count from the state, not
  // from this render's `shown`: two clicks before the page draws again are two steps.
  const [asked, setShown] = useState(1);
  // The first event is shown from the start: a log or a demo never opens on an empty page.
  const shown = Math.min(end, Math.max(asked, 1));
  const [playing, setPlaying] = useState(false);
  const narration = useNarration(lang);

  useEffect(() => {
    if (!playing) return;
    if (shown >= end) return setPlaying(false);
    const timer = setTimeout(() => setShown(shown + 1), Math.min(PLAY_MS, PLAY_ALL_MS / end));
    return () => clearTimeout(timer);
  }, [playing, shown, end]);

  const partial = useMemo(() => {
    const s = new EventStore();
    s.add({ events: events.slice(0, shown), skipped: 0 });
    return s;
  }, [shown, store.version]);

  // Each phase of a demo ends with its figures: then its narration is shown. (By `demo` and
  // `phase`, not `kind`: logs of older framecats have no `kind`.)
  const phases = events.slice(0, shown).filter(
    /** @returns {ev is JsonSubKindOf<"stats", "demo">} */
    (ev) => ev.event === "stats" && ev.demo !== undefined && ev.phase !== undefined,
  );
  // No phase is shown before its words have come: never an empty box.
  const messages = narration?.messages ?? {};
  return html`
    <section class="stepper">
      <div class="timeline-bar">
        <button data-fc="step-back" disabled=${shown <= 1} onClick=${() =>
          setShown((a) => Math.min(end, Math.max(a, 1)) - 1)}>
          ${t("back")}</button>
        <button data-fc="step" disabled=${shown >= end} onClick=${() =>
          setShown((a) => Math.min(end, Math.max(a, 1)) + 1)}>
          ${t("step")}</button>
        <button data-fc="play" disabled=${shown >= end} onClick=${() => setPlaying(!playing)}>
          ${playing ? t("pause") : t("play")}</button>
        <button data-fc="step-end" disabled=${shown >= end} onClick=${() => setShown(Infinity)}>
          ${t("end")}</button>
        <span data-fc="step-count" data-shown=${shown} data-total=${end}>
          ${t("stepOf", { i: shown, n: end })}</span>
      </div>
      ${phases.length > 0 && narration
        ? html`<div class="narration" data-fc="narration">
          ${
          phases.map((ev, i) =>
            html`
              <${Phase} key=${`${ev.demo}.${ev.phase}`} ev=${ev}
                messages=${messages} newest=${i === phases.length - 1} />
            `
          )
        }
        </div>`
        : ""}
      <${Timeline} t=${t} lang=${lang} store=${partial} whole=${store} />
    </section>
  `;
}
