// @ts-check
// Per session, what the send box sent (its history, newest first) and the timed sends it
// started: the send box writes them, the talk panel shows them, while the page is open. The
// history is the session's (by its id): a Restart keeps it, to send the same messages again.
// The timed sends are its run's (by its event store, new with each run): a Restart stops them.
import { useEffect, useState } from "preact/hooks";
import { call } from "./api.js";
import { refusal } from "./words.js";
/**
 * @import { RepeatView } from "../repeats.ts"
 * @import { Say } from "./words.js"
 * @import { Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 * @import { Said } from "shared/say.js"
 */

/**
 * What a line under a send (the send box's, the history's, the saved messages') says, kept as
 * what was said, not as its words, so that it follows the page's language switch: the page's
 * words (a key and its values, after a file's name when `of` names one), framecat's (an
 * answer's `{ error, said? }`), or text that is no one's words (a file's name and the
 * browser's reason).
 * @typedef {{ page: string, vars?: Record<string, string | number>, of?: string }
 *   | { answer: { error?: string, said?: Said } }
 *   | { text: string }} Result
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

/** Something the talk panel shows, telling who listens when it changes. */
class Watched {
  /** @type {Set<() => void>} */
  #listeners = new Set();

  /** @param {() => void} fn */
  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  changed() {
    for (const fn of this.#listeners) fn();
  }
}

/** A session's history of sends. */
class History extends Watched {
  /**
   * `{ mode: "text" | "hex", text, escapes }`, newest first, each message once.
   * @type {Message[]}
   */
  messages = [];

  /** @param {Message} message */
  sent(message) {
    /** @param {Message} m */
    const same = (m) =>
      m.mode === message.mode && m.text === message.text &&
      !!m.escapes === !!message.escapes;
    this.messages = [message, ...this.messages.filter((m) => !same(m))].slice(0, HISTORY);
    this.changed();
  }
}

/** A run's timed sends started here. */
class Talk extends Watched {
  /**
   * Timed sends started here: `{ repeat, count, interval }`.
   * @type {Started[]}
   */
  repeats = [];

  /** @param {Started} repeat */
  started(repeat) {
    this.repeats = [...this.repeats, repeat];
    this.changed();
  }

  /** @param {string} id */
  ended(id) {
    this.repeats = this.repeats.filter((r) => r.repeat !== id);
    this.changed();
  }
}

/**
 * By session id: framecat never gives a removed session's id to another, and a restarted one
 * keeps its id (its event store is new).
 * @type {Map<string, History>}
 */
const histories = new Map();
/** @type {WeakMap<EventStore, Talk>} */
const talks = new WeakMap();

/**
 * The history of a session's sends (by its id: a Restart keeps it).
 * @param {string} id
 * @returns {History}
 */
export function historyOf(id) {
  let history = histories.get(id);
  if (!history) histories.set(id, history = new History());
  return history;
}

/**
 * The timed sends of a session's run (by its event store).
 * @param {EventStore} store
 * @returns {Talk}
 */
export function talkOf(store) {
  let talk = talks.get(store);
  if (!talk) talks.set(store, talk = new Talk());
  return talk;
}

/**
 * `watched`, re-rendering the component when it changes.
 * @template {Watched} W
 * @param {W} watched
 * @returns {W}
 */
function useWatched(watched) {
  const [, changed] = useState(0);
  useEffect(() => watched.subscribe(() => changed((n) => n + 1)), [watched]);
  return watched;
}

/**
 * The history of a session's sends, re-rendering the component when it changes.
 * @param {string} id
 */
export const useHistory = (id) => useWatched(historyOf(id));

/**
 * The timed sends of a session's run, re-rendering the component when they change.
 * @param {EventStore} store
 */
export const useTalk = (store) => useWatched(talkOf(store));

/**
 * A result's words, in the language the page is in now (said at each render).
 * @param {Result | undefined} result
 * @param {Translate} t
 * @param {Say} say framecat's words, for its refusal
 * @returns {string}
 */
export function saidOf(result, t, say) {
  if (result === undefined) return "";
  if ("page" in result) {
    const words = t(result.page, result.vars);
    return result.of === undefined ? words : `${result.of}: ${words}`;
  }
  return "answer" in result ? refusal(result.answer, say) : result.text;
}

/**
 * Whether the session runs with no peer to send to now: none that its events say is
 * connected, and every one the last poll named has since left (what the peers' list shows).
 * One that has ended is left to framecat, which says that it has.
 * @param {Listed} session
 * @param {EventStore} store
 */
export function nobodyThere(session, store) {
  return session.state === "running" && store.peers.size === 0 &&
    session.peers.every((p) => store.gone.has(p.peer));
}

/** framecat's own refusal of a send to a session with no peer (its 409), said without asking. */
export const NO_PEERS = /** @type {Result} */ ({ answer: { said: { key: "web.no_peers" } } });

/**
 * One message of the history or the saved list, sent once; resolves to what its line says.
 * Nobody to send to, as the peers' list shows: said as framecat says it, without asking it (a
 * refused request is an error in the browser's console), as the send box does.
 * @param {Listed} session
 * @param {EventStore} store the session's run
 * @param {string} peer
 * @param {Message} message
 * @returns {Promise<Result>}
 */
export async function sendMessage(session, store, peer, message) {
  if (!peer && nobodyThere(session, store)) return NO_PEERS;
  const { status, body } = await call("POST", `/api/sessions/${session.id}/send`, {
    ...(peer ? { peer } : {}),
    ...(message.mode === "hex"
      ? { hex: message.text }
      : { text: message.text, escapes: !!message.escapes }),
  });
  if (status !== 200) return { answer: body };
  historyOf(session.id).sent(message);
  return { page: "sent", vars: { n: body.sent } };
}
