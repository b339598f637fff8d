/**
 * The chat's `^hb^` heartbeat as people see it: every peer sends one every
 * few seconds, so in text they are shown only with -v (NDJSON keeps them all).
 */
import { type Emit, type FcEvent, showingAs } from "../events/types.ts";

export const HEARTBEAT_TEXT = "^hb^";
export const HEARTBEAT = new TextEncoder().encode(HEARTBEAT_TEXT);

/** An Emit that turns the `read`, `frame` and `sent` events of a heartbeat into detail. */
export function heartbeatsAsDetail(emit: Emit): Emit {
  return showingAs((ev) => emit(isHeartbeat(ev) ? { ...ev, level: "detail" } : ev), emit);
}

function isHeartbeat(ev: FcEvent): boolean {
  if (ev.event !== "read" && ev.event !== "frame" && ev.event !== "sent") return false;
  // At most "^hb^\r\n": anything longer is a message, whatever it holds.
  if (!ev.data || ev.data.length < HEARTBEAT.length || ev.data.length > HEARTBEAT.length + 2) {
    return false;
  }
  return new TextDecoder().decode(ev.data).trim() === HEARTBEAT_TEXT;
}
