/**
 * The conversation of one case as it happened: the events of its
 * connections (connected, sent, read, frame, fault, error, closed) with the
 * time of each, kept so that a failure can be shown as a timeline
 * (`--report json`, the page). Bounded: past MAX_EVENTS events nothing more
 * is kept, and past MAX_DATA bytes of data an event keeps its size alone.
 */
import type { Emit, EventKind, FcEvent } from "../events/types.ts";
import { eventData } from "../events/types.ts";
import { toJson } from "../display/ndjson.ts";

/** Events kept per case: a conversation of a check has a few dozen. */
export const MAX_EVENTS = 400;
/** Data kept per case, in bytes; later events keep their size only. */
export const MAX_DATA = 64 * 1024;

export class Recorder {
  readonly #events: Array<{ ev: FcEvent; at: Date }> = [];
  #data = 0;
  /** Events not kept (past MAX_EVENTS). */
  dropped = 0;
  /** Bytes received by every client of the case (the flood bound counts them). */
  bytesIn = 0;

  /**
   * Where the case's connections report. The faults that cut the sends are
   * kept; other detail (a raw frame: the same bytes as its read) is not.
   */
  readonly emit: Emit = Object.assign((ev: FcEvent) => this.#add(ev), {
    shows: (kind: EventKind, level?: "detail") => level !== "detail" || kind === "fault",
  });

  #add(ev: FcEvent): void {
    if (ev.event === "read") this.bytesIn += eventData(ev)?.length ?? ev.bytes ?? 0;
    if (this.#events.length >= MAX_EVENTS) {
      this.dropped++;
      return;
    }
    this.#events.push({ ev: this.#bounded(ev), at: new Date() });
  }

  /** The event, or past the data budget the event with its size in place of its bytes. */
  #bounded(ev: FcEvent): FcEvent {
    const data = eventData(ev);
    if (!data) return ev;
    if (this.#data + data.length <= MAX_DATA) {
      this.#data += data.length;
      // A copy: a raw read's bytes are a view that the next read may reuse.
      return { ...ev, data: data.slice() } as FcEvent;
    }
    const { data: _dropped, ...rest } = ev as FcEvent & { data?: Uint8Array };
    return ev.event === "frame" ? rest as FcEvent : { ...rest, bytes: data.length } as FcEvent;
  }

  /** The events as NDJSON objects (what `--output json` prints), data shown in `encoding`. */
  conversation(encoding: string): Record<string, unknown>[] {
    return this.#events.map(({ ev, at }) => toJson(ev, encoding, at));
  }
}
