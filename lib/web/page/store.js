// @ts-check
// A session's events in the page: a bounded list of rows, each frame linked to the reads
// that carried it, and each read to the frames it carried.
/**
 * @import { JsonEvent, JsonEventOf } from "../../events/types.ts"
 * @import { Batch } from "../event_feed.ts"
 */

/**
 * One event as the timeline shows it, with the links between reads and frames.
 * @typedef {object} Row
 * @property {number} seq Its place in the session, from 0.
 * @property {JsonEvent} ev
 * @property {string} key The connection it belongs to (frames link to reads of the same one).
 * @property {number[]} frames A read: the frames it carried.
 * @property {Bracket[]} spans A read: its part of the bracket of each frame split across reads.
 * @property {number[]} reads A frame: the reads that carried it.
 * @property {boolean} [repeat] A frame that is its read again, byte for byte: not drawn.
 */

/**
 * A read's part in the bracket drawn across the reads of one frame.
 * @typedef {{ hue: number, at: "first" | "mid" | "last" }} Bracket
 */

/** Rows kept per session; older ones are let go and counted. */
export const MAX_ROWS = 2000;

/**
 * Which connection an event belongs to: frames are linked to reads of the same one.
 * @param {JsonEvent} ev
 */
function streamKey(ev) {
  return `${ev.phase ?? ""}|${ev.role ?? ""}|${ev.peer ?? ""}`;
}

export class EventStore {
  /** @type {Row[]} */
  rows = [];
  /** Events not shown: left out by the server under load, or let go here. */
  dropped = 0;
  /** Bumped on every change, so a view knows to draw again. */
  version = 0;
  #seq = 0;
  /** @type {Set<() => void>} */
  #listeners = new Set();
  /**
   * Per connection: the read that completed the previous frame (to infer `first_read`).
   * @type {Map<string, number>}
   */
  #lastFrameRead = new Map();
  /**
   * Read rows by connection and number, to mark the frames they carried.
   * @type {Map<string, Row>}
   */
  #readRows = new Map();
  /**
   * The peers connected now, from the events themselves (`connected` to `closed`; a UDP
   * peer from its first data), so the page shows one as soon as its row is there.
   * @type {Set<string>}
   */
  peers = new Set();
  /**
   * Peers whose `closed` came: the session list may still name them for up to a poll.
   * @type {Set<string>}
   */
  gone = new Set();
  /**
   * Every peer seen, and whether they all share one host (rows then name them by port).
   * @type {Set<string>}
   */
  seenPeers = new Set();
  oneHost = true;
  /** A server (or relay, sink) session: its rows are about many peers, each row names its own. */
  listening = false;

  /** @param {Batch} batch */
  add({ events, skipped }) {
    this.dropped += skipped ?? 0;
    for (const ev of events) this.rows.push(this.#row(ev));
    const extra = this.rows.length - MAX_ROWS;
    if (extra > 0) {
      for (const row of this.rows.splice(0, extra)) {
        if (row.ev.event === "read") this.#readRows.delete(`${row.key}#${row.ev.read}`);
      }
      this.dropped += extra;
    }
    this.#changed();
  }

  clear() {
    this.dropped = 0;
    this.rows = [];
    this.#readRows.clear();
    this.#changed();
  }

  /** Whether rows name their peer: many peers, or a server's (a demo's sides have columns). */
  get namesPeers() {
    return this.seenPeers.size > 1 || this.listening;
  }

  /** @param {JsonEvent} ev */
  #follow(ev) {
    if (ev.demo) return;
    if (ev.event === "listening") this.listening = true;
    if (!ev.peer) return;
    if (ev.event === "closed") {
      this.peers.delete(ev.peer);
      this.gone.add(ev.peer);
      return;
    }
    if (ev.event === "connected" || ev.event === "read" || ev.event === "sent") {
      this.peers.add(ev.peer);
      this.gone.delete(ev.peer);
    }
    if (!this.seenPeers.has(ev.peer)) {
      const host = (/** @type {string} */ p) => p.slice(0, p.lastIndexOf(":"));
      const first = this.seenPeers.values().next().value;
      if (first !== undefined && host(first) !== host(ev.peer)) this.oneHost = false;
      this.seenPeers.add(ev.peer);
    }
  }

  /**
   * Calls `listener` after every change; returns how to stop.
   * @param {() => void} listener
   */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed() {
    this.version++;
    for (const listener of this.#listeners) listener();
  }

  /** Every event kept, as NDJSON (the same lines `--output json` prints). */
  ndjson() {
    return this.rows.map((r) => JSON.stringify(r.ev) + "\n").join("");
  }

  /**
   * @param {JsonEvent} ev
   * @returns {Row}
   */
  #row(ev) {
    this.#follow(ev);
    /** @type {Row} */
    const row = { seq: this.#seq++, ev, key: streamKey(ev), frames: [], spans: [], reads: [] };
    if (ev.event === "read") this.#readRows.set(`${row.key}#${ev.read}`, row);
    if (ev.event === "frame") this.#link(row, ev);
    return row;
  }

  /**
   * A frame that is its read again, byte for byte (raw framing: each read is a message): kept
   * for the saved log, not shown as a row of its own. No other framing can do it: a read
   * holds a frame's prefix, header or line end besides its bytes.
   * @param {string} key
   * @param {JsonEventOf<"frame">} ev
   */
  #repeatsRead(key, ev) {
    const { read, first_read: first, base64 } = ev;
    if (first !== undefined && first !== read) return false;
    const readRow = this.#readRows.get(`${key}#${read}`);
    if (base64 === undefined || readRow?.ev.event !== "read") return false;
    return readRow.ev.base64 === base64 && readRow.frames.length === 0;
  }

  /**
   * A frame began in read `ev.first_read` and was completed by read `ev.read`.
   * @param {Row} row
   * @param {JsonEventOf<"frame">} ev
   */
  #link(row, ev) {
    const { read, frame } = ev;
    if (this.#repeatsRead(row.key, ev)) {
      row.repeat = true;
      this.#lastFrameRead.set(row.key, read);
      return;
    }
    const first = ev.first_read ?? this.#guessFirstRead(row.key, read);
    for (let n = first; n <= read; n++) {
      row.reads.push(n);
      const readRow = this.#readRows.get(`${row.key}#${n}`);
      if (!readRow) continue;
      readRow.frames.push(frame);
      // A frame carried by several reads is drawn as one bracket across them; a read may
      // end one bracket and begin the next (a frame begun in the leftover of another's read).
      if (first < read) {
        readRow.spans.push({ hue: read, at: n === first ? "first" : n === read ? "last" : "mid" });
      }
    }
    this.#lastFrameRead.set(row.key, read);
  }

  /**
   * Logs of older framecats have no `first_read`: the guess is the read after the one
   * that completed the previous frame, or this same read (two frames stuck together).
   * It misses a frame that began in the leftover of the previous frame's last read.
   * @param {string} key
   * @param {number} read
   */
  #guessFirstRead(key, read) {
    const last = this.#lastFrameRead.get(key) ?? 0;
    return last < read ? last + 1 : read;
  }
}
