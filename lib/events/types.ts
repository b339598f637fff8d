/**
 * Everything observable is an event (PRODUCT.md, Events). Each kind has its
 * own type and {@linkcode FcEvent} is their union, discriminated by `event`
 * (and `info`, `report` and `stats` by their `kind` too): formatters switch
 * on them and never guess a kind from the fields present. Producers emit
 * facts only, the same whatever the output.
 *
 * The types are read from the definitions in `kinds.ts`, the one source of
 * events (how to add a kind or a field is said there): {@linkcode JsonEvent}
 * is a line of `--output json` as `framecat schema` describes it, and
 * {@linkcode FcEvent} the same event in memory — no `ts` (the writer stamps
 * it), the data as `data` bytes (written as `bytes`/`base64`/`text`), and
 * `level`, which is never written.
 *
 * This folder is the bottom of the house: it imports only TypeBox.
 */
import type { Static } from "@sinclair/typebox";
export type { Said } from "./fields.ts";
import type { DemoName, KINDS, PhaseName, TLS_INFO } from "./kinds.ts";
import type { CHECK_FAILURES, CHECK_WAYS, CLOSE_REASONS, FAULTS, TRANSPORTS } from "./choices.ts";

type Definitions = typeof KINDS;

export type EventKind = keyof Definitions;

/** An event of one kind as `--output json` prints it (and the page and tests read it). */
export type JsonEventOf<K extends EventKind> = Static<Definitions[K]>;

/** One line of `--output json`: what `framecat schema` describes. */
export type JsonEvent = { [K in EventKind]: JsonEventOf<K> }[EventKind];

/** Fields an event has in memory only. */
interface InMemoryOnly {
  /** Shown in text only with -v (always in NDJSON). Not written to NDJSON. */
  level?: "detail";
}

/** The bytes of an event with data: written as `bytes`, `base64`, `text`. */
interface WithData {
  data?: Uint8Array;
}

type Flat<T> = { [K in keyof T]: T[K] };

/** The in-memory form of a JSON event (each member of a union on its own). */
type InMemory<J> = J extends unknown ? Flat<
    & Omit<J, "ts" | "base64" | "text">
    & ("base64" extends keyof J ? WithData : unknown)
    & InMemoryOnly
  >
  : never;

/** The event of one kind, in memory. */
export type EventOf<K extends EventKind> = InMemory<JsonEventOf<K>>;

export type ListeningEvent = EventOf<"listening">;
export type ConnectedEvent = EventOf<"connected">;
export type ReadEvent = EventOf<"read">;
export type FrameEvent = EventOf<"frame">;
export type SentEvent = EventOf<"sent">;
export type ClosedEvent = EventOf<"closed">;
export type ErrorEvent = EventOf<"error">;
export type StatsEvent = EventOf<"stats">;
export type InfoEvent = EventOf<"info">;
export type FaultEvent = EventOf<"fault">;
export type ReportEvent = EventOf<"report">;
export type ChecksumEvent = EventOf<"checksum">;
export type CheckEvent = EventOf<"check">;
export type SummaryEvent = EventOf<"summary">;

export type FcEvent = { [K in EventKind]: EventOf<K> }[EventKind];

/** The kinds that come in sub-kinds, told apart by their `kind` field. */
export type Kinded = "info" | "report" | "stats";

/** One sub-kind: `SubKindOf<"info", "chat">` is a chat `info` event. */
export type SubKindOf<E extends Kinded, S extends EventOf<E>["kind"]> = Extract<
  EventOf<E>,
  { kind: S }
>;

/** The figures of one demo phase: its `stats` event's own fields. */
export type DemoFigures<D extends DemoName, P extends PhaseName<D>> = Omit<
  Extract<SubKindOf<"stats", "demo">, { demo: D; phase: P }>,
  "event" | "kind" | "demo" | "phase" | "peer" | "role" | "level"
>;

/** One sub-kind as `--output json` prints it (what the page reads). */
export type JsonSubKindOf<E extends Kinded, S extends EventOf<E>["kind"]> = Extract<
  JsonEventOf<E>,
  { kind: S }
>;

/** The events that carry what peers said. */
export type DataEvent = ReadEvent | FrameEvent | SentEvent;

export type TransportName = typeof TRANSPORTS[number];
export type CloseReason = typeof CLOSE_REASONS[number];
export type FaultName = typeof FAULTS[number];
export type CheckWay = typeof CHECK_WAYS[number];
export type CheckFailure = typeof CHECK_FAILURES[number];
/** What a handshake agreed, as the `connected` event's `tls` shows it. */
export type TlsInfo = Static<typeof TLS_INFO>;
/** One reply rule's hits, as the final `stats` lists them. */
export type RuleHits = NonNullable<SubKindOf<"stats", "connect">["rules"]>[number];
/** RTT percentiles of `flood --rtt`, in ms. */
export type RttMs = NonNullable<SubKindOf<"report", "flood_udp_rtt">["rtt_ms"]>;

/** Every kind, in the order the README lists them. */
export const EVENT_KINDS = [
  "listening",
  "connected",
  "read",
  "frame",
  "sent",
  "closed",
  "error",
  "stats",
  "info",
  "fault",
  "report",
  "checksum",
  "check",
  "summary",
] as const satisfies readonly EventKind[];

/** Compiles only while EVENT_KINDS lists every kind of `kinds.ts`. */
export type EveryKindListed = [Exclude<EventKind, typeof EVENT_KINDS[number]>] extends [never]
  ? true
  : never;
export const EVERY_KIND_LISTED: EveryKindListed = true;

/** Where events go: a reporter, the web page's session, or a wrapper around one. */
export interface Emit {
  (ev: FcEvent): void;
  /**
   * Whether an event of this kind and level would be shown at all (the
   * options' -q, -v and --output decide), so that producers need not build
   * an event only for it to be dropped. Absent: every event is shown.
   */
  shows?: (kind: EventKind, level?: "detail") => boolean;
}

/** Whether `emit` shows events of this kind and level: ask before building a costly one. */
export function shows(emit: Emit, kind: EventKind, level?: "detail"): boolean {
  return emit.shows?.(kind, level) ?? true;
}

/** `wrapper`, which passes events on to `inner`, showing what `inner` shows. */
export function showingAs(wrapper: (ev: FcEvent) => void, inner: Emit): Emit {
  return inner.shows ? Object.assign(wrapper, { shows: inner.shows }) : wrapper;
}

/** The bytes an event carries: only `read`, `frame` and `sent` have data. */
export function eventData(ev: FcEvent): Uint8Array | undefined {
  return ev.event === "read" || ev.event === "frame" || ev.event === "sent" ? ev.data : undefined;
}
