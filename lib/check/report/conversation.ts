/**
 * A failed case's conversation as lines of plain text, for the reports that
 * are read without framecat (a JUnit failure's body, TAP's diagnostics).
 */
import { escapeBytes } from "../../display/escape.ts";

/** Bytes quoted per event. */
const QUOTED = 64;

/** One line per event: when (ms after the first), what, how much, and the bytes. */
export function conversationLines(events: Record<string, unknown>[], encoding: string): string[] {
  const start = events.length > 0 ? Date.parse(String(events[0].ts)) : 0;
  return events.map((e) => {
    const ms = Date.parse(String(e.ts)) - start;
    const words = [`+${ms} ms`, String(e.event)];
    for (const key of ["read", "frame", "write", "fault", "reason", "message"]) {
      if (e[key] !== undefined) words.push(`${key}=${e[key]}`);
    }
    if (typeof e.bytes === "number") words.push(`${e.bytes} B`);
    if (typeof e.base64 === "string") {
      words.push(escapeBytes(Uint8Array.fromBase64(e.base64), encoding, QUOTED));
    }
    return words.join(" ");
  });
}
