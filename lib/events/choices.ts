/**
 * The few words some event fields take (`transport`, `reason`, `fault`,
 * `way`, `failure`), as plain lists. The event definitions (kinds.ts) use
 * them, and so does code that checks such a word at run time: it imports
 * them from here, which loads nothing, where kinds.ts would load TypeBox and
 * build every schema (only `framecat schema` needs that).
 */

/** How a listener or a peer is reached. */
export const TRANSPORTS = ["tcp", "tls", "udp", "unix"] as const;

/** Why a connection, peer or session ended (the `closed` event's `reason`). */
export const CLOSE_REASONS = [
  "eof",
  "us",
  "reset",
  "idle",
  "error",
  "leave",
  "expired",
  "evicted",
  "overflow",
  "full",
] as const;

/** The faults a relay applies (the `fault` event's `fault`). */
export const FAULTS = [
  "drop",
  "dup",
  "reorder",
  "truncate",
  "delay",
  "slice",
  "coalesce",
  "rate",
  "close",
  "reset",
  "stall",
] as const;

/** The ways `framecat check` runs a conversation (lib/check/ways.ts says how). */
export const CHECK_WAYS = ["plain", "stuck", "split", "delayed", "large"] as const;

/** What a failed case of `framecat check` shows (lib/check/diagnose.ts says when). */
export const CHECK_FAILURES = [
  "unreachable",
  "flood",
  "error",
  "md5",
  "stderr",
  "chars",
  "sticking",
  "splitting",
  "truncation",
  "piled",
  "silent",
  "closed",
  "reset",
  "malformed",
  "wrong",
] as const;
