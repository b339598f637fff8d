// @ts-check
// The timed sends running in this session, each with a Stop that stops it at once: nothing
// leaves after framecat answers the Stop. The Stop comes first in its line: the count after it
// grows with every poll, and a button after a growing count moves under the pointer.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { call } from "./api.js";
import { useTalk } from "./talk_state.js";
import { refusal, useSay } from "./words.js";
import { counted } from "./i18n.js";
/**
 * @import { RepeatView } from "../repeats.ts"
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 * @import { Started } from "./talk_state.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {EventStore} props.store
 */
export function RunningRepeats({ t, lang, session, store }) {
  const say = useSay(lang);
  const talk = useTalk(store);
  /** The last Stop's answer: how many it had sent, or why it could not stop. */
  const [stopped, setStopped] = useState(
    /** @type {{ sent?: number, rounds?: number, error?: string } | undefined} */ (undefined),
  );
  // Started here (known at once) or elsewhere (from framecat's list, polled); by id.
  // framecat's list lags by a poll: one stopped here is gone from the moment its Stop is clicked.
  const [gone, setGone] = useState(() => /** @type {Set<string>} */ (new Set()));
  // framecat lists a timed send from its start until its end: one started here and missing from
  // a list asked for after it started has ended (its count sent).
  const polled = session.log ? undefined : session.polled;
  const ended = (/** @type {Started} */ r) => polled !== undefined && polled > r.at;
  /** @type {Map<string, Started | RepeatView>} */
  const running = new Map(talk.repeats.filter((r) => !ended(r)).map((r) => [r.repeat, r]));
  // Ids start again when the session is restarted: one is known by both.
  const key = (/** @type {string} */ id) => `${session.log ? "" : session.started} ${id}`;
  const listed = session.log ? [] : session.repeats;
  for (const r of listed) if (!gone.has(key(r.repeat))) running.set(r.repeat, r);
  /** @param {string} id */
  const stop = async (id) => {
    setGone(new Set([...gone, key(id)]));
    talk.ended(id);
    const { status, body } = await call("DELETE", `/api/sessions/${session.id}/repeats/${id}`);
    setStopped(
      status === 200 ? { sent: body.sent, rounds: body.rounds } : { error: refusal(body, say) },
    );
  };
  /**
   * The times it sent, which its count counts; with the messages, when several peers made them
   * more (each time sends one to every peer).
   * @param {number} rounds
   * @param {number | undefined} sent
   */
  const done = (rounds, sent) =>
    sent === undefined || sent === rounds
      ? counted(t, "repeat.done", rounds)
      : counted(t, "repeat.doneMessages", rounds, { sent });
  if (running.size === 0 && !stopped) return "";
  return html`
    <div class="running-repeats" data-fc="repeats">
      ${[...running.values()].map((r) =>
        html`
          <span class="repeat" data-fc="repeat" data-repeat=${r.repeat}>
            <button type="button" class="stop" data-fc="repeat-stop" onClick=${() =>
              stop(r.repeat)}>
              ${t("stop")}</button>
            ${r.count === 0
              ? t("repeat.forever", { ms: r.interval })
              : t("repeat.count", { n: r.count, ms: r.interval })}
            ${"rounds" in r && r.rounds !== undefined ? ` · ${done(r.rounds, r.sent)}` : ""}
          </span>
        `
      )}
      ${stopped
        ? html`<span class="result" data-fc="repeat-result" data-sent=${stopped.sent ?? ""}>
            ${
          stopped.error ?? t("repeat.stopped", { done: done(stopped.rounds ?? 0, stopped.sent) })
        }</span>`
        : ""}
    </div>
  `;
}
