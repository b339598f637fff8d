// @ts-check
// Per session, what the send box sent (its history, newest first) and the timed sends it
// started: the send box writes it, the talk panel shows it. Kept with the session's event
// store while the page is open.
import { useEffect, useState } from "preact/hooks";
import { call } from "./api.js";
import { refusal } from "./words.js";
/**
 * @import { RepeatView } from "../repeats.ts"
 * @import { Say } from "./words.js"
 * @import { Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 */

/**
 * A message as the send box sent it (or as it is saved).
 * @typedef {{ mode: "text" | "hex", text: string, escapes?: boolean }} Message
 */

/**
 * A timed send started here, known before framecat's list of them is polled again; `at`:
 * when framecat answered that it started (performance.now()).
 * @typedef {Pick<RepeatView, "repeat" | "count" | "interval"> & { sent?: number, at: number }} Started
 */

/** Sends kept in a session's history. */
const HISTORY = 50;

/** @type {WeakMap<EventStore, Talk>} */
const talks = new WeakMap();

class Talk {
  /**
   * `{ mode: "text" | "hex", text, escapes }`, newest first, each message once.
   * @type {Message[]}
   */
  history = [];
  /**
   * Timed sends started here: `{ repeat, count, interval }`.
   * @type {Started[]}
   */
  repeats = [];
  /** @type {Set<() => void>} */
  #listeners = new Set();

  /** @param {Message} message */
  sent(message) {
    /** @param {Message} m */
    const same = (m) =>
      m.mode === message.mode && m.text === message.text &&
      !!m.escapes === !!message.escapes;
    this.history = [message, ...this.history.filter((m) => !same(m))].slice(0, HISTORY);
    this.#changed();
  }

  /** @param {Started} repeat */
  started(repeat) {
    this.repeats = [...this.repeats, repeat];
    this.#changed();
  }

  /** @param {string} id */
  ended(id) {
    this.repeats = this.repeats.filter((r) => r.repeat !== id);
    this.#changed();
  }

  /** @param {() => void} fn */
  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #changed() {
    for (const fn of this.#listeners) fn();
  }
}

/**
 * The talk of a session (by its event store).
 * @param {EventStore} store
 * @returns {Talk}
 */
export function talkOf(store) {
  let talk = talks.get(store);
  if (!talk) talks.set(store, talk = new Talk());
  return talk;
}

/**
 * The talk of a session, re-rendering the component when it changes.
 * @param {EventStore} store
 */
export function useTalk(store) {
  const [, changed] = useState(0);
  useEffect(() => talkOf(store).subscribe(() => changed((n) => n + 1)), [store]);
  return talkOf(store);
}

/**
 * One message of the history or the saved list, sent once; resolves to the line to show.
 * @param {Translate} t
 * @param {Say} say framecat's words, for its refusal
 * @param {Listed} session
 * @param {string} peer
 * @param {EventStore} store
 * @param {Message} message
 * @returns {Promise<string>}
 */
export async function sendMessage(t, say, session, peer, store, message) {
  const { status, body } = await call("POST", `/api/sessions/${session.id}/send`, {
    ...(peer ? { peer } : {}),
    ...(message.mode === "hex"
      ? { hex: message.text }
      : { text: message.text, escapes: !!message.escapes }),
  });
  if (status !== 200) return refusal(body, say);
  talkOf(store).sent(message);
  return t("sent", { n: body.sent });
}
