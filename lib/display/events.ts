/**
 * Everything observable is an event (PRODUCT.md, Events). Producers call an
 * {@linkcode Emit}; the three outputs (text, hex, NDJSON) are formatters of
 * the same events, so tests assert on NDJSON and people read text.
 */

export type EventKind =
  | "listening"
  | "connected"
  | "read"
  | "frame"
  | "sent"
  | "closed"
  | "error"
  | "stats"
  /** A lifecycle message for people: warnings, joins, progress, notes. */
  | "info"
  /** Something a fault-injecting relay did (one per fault applied). */
  | "fault"
  /** An interval or final measurement of flood/sink. */
  | "report";

export interface FcEvent {
  event: EventKind;
  /** `HOST:PORT`, `[V6]:PORT` or the socket path of the peer concerned. */
  peer?: string;
  /** The bytes, for events with data: shown as `bytes`, `base64`, `text`. */
  data?: Uint8Array;
  /** What went wrong (`error`), or the human sentence (`info`). */
  message?: string;
  /** `detail` events are shown in text only with -v (always in NDJSON). */
  level?: "detail";
  /** Any other field, added to the NDJSON object as it is. */
  [field: string]: unknown;
}

export type Emit = (ev: FcEvent) => void;
