// A session's events in the page: a bounded list of rows, each frame linked to the reads
// that carried it, and each read to the frames it carried.

/** Rows kept per session; older ones are let go and counted. */
export const MAX_ROWS = 2000;

/** Which connection an event belongs to: frames are linked to reads of the same one. */
function streamKey(ev) {
  return `${ev.phase ?? ""}|${ev.role ?? ""}|${ev.peer ?? ""}`;
}

export class EventStore {
  rows = [];
  /** Events not shown: left out by the server under load, or let go here. */
  dropped = 0;
  /** Bumped on every change, so a view knows to draw again. */
  version = 0;
  #seq = 0;
  #listeners = new Set();
  /** Per connection: the read that completed the previous frame (to infer `first_read`). */
  #lastFrameRead = new Map();
  /** Read rows by connection and number, to mark the frames they carried. */
  #readRows = new Map();
  /**
   * The peers connected now, from the events themselves (`connected` to `closed`; a UDP
   * peer from its first data), so the page shows one as soon as its row is there.
   */
  peers = new Set();
  /** Peers whose `closed` came: the session list may still name them for up to a poll. */
  gone = new Set();
  /** Every peer seen, and whether they all share one host (rows then name them by port). */
  seenPeers = new Set();
  oneHost = true;
  /** A server (or relay, sink) session: its rows are about many peers, each row names its own. */
  listening = false;

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
      const host = (p) => p.slice(0, p.lastIndexOf(":"));
      const first = this.seenPeers.values().next().value;
      if (first !== undefined && host(first) !== host(ev.peer)) this.oneHost = false;
      this.seenPeers.add(ev.peer);
    }
  }

  /** Calls `listener` after every change; returns how to stop. */
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

  #row(ev) {
    this.#follow(ev);
    const row = { seq: this.#seq++, ev, key: streamKey(ev) };
    if (ev.event === "read") {
      row.frames = [];
      row.spans = [];
      this.#readRows.set(`${row.key}#${ev.read}`, row);
    }
    if (ev.event === "frame") this.#link(row);
    return row;
  }

  /**
   * A frame that is its read again, byte for byte (raw framing: each read is a message): kept
   * for the saved log, not shown as a row of its own. No other framing can do it: a read
   * holds a frame's prefix, header or line end besides its bytes.
   */
  #repeatsRead(row) {
    const { read, first_read: first, base64 } = row.ev;
    if (first !== undefined && first !== read) return false;
    const readRow = this.#readRows.get(`${row.key}#${read}`);
    return base64 !== undefined && readRow?.ev.base64 === base64 && readRow.frames.length === 0;
  }

  /** A frame began in read `ev.first_read` and was completed by read `ev.read`. */
  #link(row) {
    const { read, frame } = row.ev;
    if (this.#repeatsRead(row)) {
      row.repeat = true;
      this.#lastFrameRead.set(row.key, read);
      return;
    }
    const first = row.ev.first_read ?? this.#guessFirstRead(row.key, read);
    row.reads = [];
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
   */
  #guessFirstRead(key, read) {
    const last = this.#lastFrameRead.get(key) ?? 0;
    return last < read ? last + 1 : read;
  }
}
