/**
 * The record of one phase: every step is an FcEvent tagged with its demo,
 * phase and role, stamped with the time it happened (for the timeline) and
 * passed on at once to the NDJSON reporter when there is one. The log also
 * owns the phase's sockets, so they are closed however the phase ends.
 */
import type {
  DataEvent,
  Emit,
  FcEvent,
  FrameEvent,
  ReadEvent,
  SentEvent,
} from "../events/types.ts";
import type { Translate } from "./i18n.ts";
import { closeQuietly } from "../close.ts";
import { type DemoFraming, PrefixScanner, type PrefixSpan } from "./prefixes.ts";

/** Which side of the timeline an event belongs to. */
export type Role = "sender" | "receiver";

/** One row of the timeline: an event of one side, or a remark about it. */
export interface Entry {
  /** ms since the phase began. */
  at: number;
  role: Role;
  event?: DataEvent;
  /** The bytes a write put on the wire, when they differ from the message (framing). */
  wire?: Uint8Array;
  /** A remark shown in the role's column, already translated. */
  note?: string;
  /** Draw attention: this row shows the phenomenon. */
  mark?: boolean;
  /** The length prefixes in the bytes shown (framed phases), to show them in hex. */
  prefixes?: PrefixSpan[];
}

/** Extra fields of an event, and whether its row shows the phenomenon. */
export interface More {
  fields?:
    & Partial<Omit<ReadEvent, "event">>
    & Partial<Omit<FrameEvent, "event">>
    & Partial<Omit<SentEvent, "event">>;
  mark?: boolean;
  /** False: reported, but no timeline row. Default true. */
  show?: boolean;
}

interface Closer {
  close(): void;
}

export class PhaseLog {
  readonly entries: Entry[] = [];
  readonly #start = performance.now();
  readonly #counts = new Map<string, number>();
  readonly #owned: Closer[] = [];
  /** Framed phases: the sender's framed writes and the receiver's reads, followed for prefixes. */
  #scanners?: { writes: PrefixScanner; reads: PrefixScanner };

  constructor(
    readonly demo: string,
    readonly phase: string,
    readonly t: Translate,
    readonly emit?: Emit,
  ) {}

  /** From now on the sender frames its writes so: the timeline shows their prefixes in hex. */
  framedWith(o: DemoFraming): void {
    this.#scanners = { writes: new PrefixScanner(o), reads: new PrefixScanner(o) };
  }

  /** Takes a socket or listener to close when the phase ends. */
  own<T extends Closer>(resource: T): T {
    this.#owned.push(resource);
    return resource;
  }

  /** Closes everything owned (twice is harmless); pending reads on them fail. */
  closeAll(): void {
    for (const resource of this.#owned.splice(0)) {
      closeQuietly(resource);
    }
  }

  /** Passes an event to the reporter only (listening, stats): it has no row. */
  report<E extends FcEvent>(role: Role | undefined, ev: E): E {
    const tagged = { ...ev, demo: this.demo, phase: this.phase, ...(role ? { role } : {}) };
    this.emit?.(tagged);
    return tagged;
  }

  /** Records an event of `role`; `show: false` reports it without a timeline row. */
  event(role: Role, ev: DataEvent, row: More & { wire?: Uint8Array } = {}): void {
    const tagged = this.report(role, ev);
    const prefixes = this.#prefixes(role, ev, row.wire);
    if (row.show === false) return;
    this.entries.push({
      at: this.#now(),
      role,
      event: tagged,
      wire: row.wire,
      mark: row.mark,
      ...(prefixes && prefixes.length > 0 ? { prefixes } : {}),
    });
  }

  /** The prefixes in a framed write of the sender or a read of the receiver. */
  #prefixes(role: Role, ev: FcEvent, wire?: Uint8Array): PrefixSpan[] | undefined {
    if (!this.#scanners) return undefined;
    if (role === "sender" && ev.event === "sent" && wire) return this.#scanners.writes.scan(wire);
    if (role === "receiver" && ev.event === "read" && ev.data) {
      return this.#scanners.reads.scan(ev.data);
    }
    return undefined;
  }

  /** One write of `payload`, framed as `wire`: a `sent` event numbered per role (`write`). */
  sent(role: Role, payload: Uint8Array, wire = payload, more: More = {}): void {
    const write = this.#next(role, "write");
    const ev: SentEvent = {
      event: "sent",
      write,
      data: payload,
      wire_bytes: wire.length,
      ...more.fields,
    };
    this.event(role, ev, { ...more, wire: wire === payload ? undefined : wire });
  }

  /** One read (recv) of `data`; returns its number on that side. */
  read(role: Role, data: Uint8Array, more: More = {}): number {
    const read = this.#next(role, "read");
    this.event(role, { event: "read", read, data, ...more.fields }, more);
    return read;
  }

  /** One decoded message, completed by read number `read`. */
  frame(role: Role, payload: Uint8Array, read: number, more: More = {}): void {
    const frame = this.#next(role, "frame");
    this.event(role, { event: "frame", frame, read, data: payload, ...more.fields }, more);
  }

  /** A remark in the role's column (timeline only). */
  note(role: Role, text: string, mark = false): void {
    this.entries.push({ at: this.#now(), role, note: text, mark });
  }

  #next(role: Role, kind: string): number {
    const key = `${role}:${kind}`;
    const n = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, n);
    return n;
  }

  #now(): number {
    return performance.now() - this.#start;
  }
}
