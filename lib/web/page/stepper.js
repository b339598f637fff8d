// A demo or an opened log, stepped through one event at a time (or played), with the
// demo's narration in the page's language as each phase ends.
import { html } from "htm/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { call } from "./api.js";
import { EventStore } from "./store.js";
import { Timeline } from "./timeline.js";
import { useStore } from "./use_store.js";

/** One step every this many ms while playing. */
const PLAY_MS = 350;

function useNarration(lang) {
  const [text, setText] = useState(undefined);
  useEffect(() => {
    call("GET", `/api/narration?lang=${lang}`).then(({ body }) => setText(body));
  }, [lang]);
  return text;
}

/** A narration line with the figures the phase measured. */
function fill(template, vars) {
  return (template ?? "").replace(/\{(\w+)\}/g, (w, k) => k in vars ? String(vars[k]) : w);
}

export function Stepper({ t, lang, store }) {
  useStore(store);
  const events = store.rows.map((r) => r.ev);
  const [shown, setShown] = useState(0);
  const [playing, setPlaying] = useState(false);
  const narration = useNarration(lang);
  const end = events.length;

  useEffect(() => {
    if (!playing) return;
    if (shown >= end) return setPlaying(false);
    const timer = setTimeout(() => setShown(shown + 1), PLAY_MS);
    return () => clearTimeout(timer);
  }, [playing, shown, end]);

  const partial = useMemo(() => {
    const s = new EventStore();
    s.add({ events: events.slice(0, shown), skipped: 0 });
    return s;
  }, [shown, store.version]);

  const phases = events.slice(0, shown).filter((ev) => ev.event === "stats" && ev.demo && ev.phase);
  const messages = narration?.messages ?? {};
  return html`
    <section class="stepper">
      <div class="timeline-bar">
        <button data-fc="step-back" disabled=${shown === 0} onClick=${() => setShown(shown - 1)}>
          ${t("back")}</button>
        <button data-fc="step" disabled=${shown >= end} onClick=${() => setShown(shown + 1)}>
          ${t("step")}</button>
        <button data-fc="play" disabled=${shown >= end} onClick=${() => setPlaying(!playing)}>
          ${playing ? t("pause") : t("play")}</button>
        <span data-fc="step-count" data-shown=${shown} data-total=${end}>
          ${t("stepOf", { i: shown, n: end })}</span>
      </div>
      <div class="narration" data-fc="narration">
        ${phases.map((ev) =>
          html`
            <div class="phase" key=${`${ev.demo}.${ev.phase}`}>
              <h3>${fill(messages[`${ev.demo}.${ev.phase}.heading`], ev)}</h3>
              <p>${fill(messages[`${ev.demo}.${ev.phase}.explain`], ev)}</p>
            </div>
          `
        )}
      </div>
      <${Timeline} t=${t} store=${partial} />
    </section>
  `;
}
