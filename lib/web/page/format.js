// @ts-check
// How data is shown: as the terminal shows it (quoted text in any encoding, `\xHH` for a byte
// that is not text: lib/shared/escape.js, the very module framecat uses), or every byte in hex.
import { escapeShown } from "shared/escape.js";
/** @import { JsonEvent, JsonEventOf } from "../../events/types.ts" */

/**
 * Whether an event carries data: reads, frames and sends do.
 * @param {JsonEvent} ev
 * @returns {ev is JsonEventOf<"read" | "frame" | "sent">}
 */
export function isData(ev) {
  return ev.event === "read" || ev.event === "frame" || ev.event === "sent";
}

/** A message of up to this many bytes is shown whole; a longer one up to here, then a button. */
export const WHOLE_BYTES = 64;

/** @param {string | undefined} base64 */
export function bytesOf(base64) {
  return Uint8Array.from(atob(base64 ?? ""), (c) => c.charCodeAt(0));
}

/**
 * Where a row cuts UTF-8 after WHOLE_BYTES: at the end of the character it is inside.
 * @param {Uint8Array} bytes
 */
function utf8Cut(bytes) {
  let end = Math.min(bytes.length, WHOLE_BYTES);
  while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end++;
  return end;
}

/**
 * Every byte in hex, two digits and a space each.
 * @param {Uint8Array} bytes
 */
export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/**
 * An event's data as a row shows it: `{ text, left }`, `left` being the bytes not shown
 * (0: the message is whole). `whole` shows every byte, however many.
 * @param {JsonEvent} ev
 * @param {"text" | "hex"} view
 * @param {string} encoding
 */
export function shownData(ev, view, encoding, whole = false) {
  if (!isData(ev) || ev.base64 === undefined) return { text: "", left: 0 };
  const bytes = bytesOf(ev.base64);
  if (view === "hex") {
    const shown = whole ? bytes : bytes.subarray(0, WHOLE_BYTES);
    return { text: hex(shown), left: bytes.length - shown.length };
  }
  const utf8 = encoding === "utf-8";
  const part = whole ? bytes : utf8 ? bytes.subarray(0, utf8Cut(bytes)) : bytes;
  // UTF-8 is cut by bytes above (a character never split); other encodings by the limit.
  const limit = whole || utf8 ? Infinity : WHOLE_BYTES;
  const { body, used } = escapeShown(part, encoding, limit);
  return { text: `"${body}"`, left: bytes.length - used };
}

/**
 * `12.3 KB/s`
 * @param {number} bytesPerSecond
 */
export function rate(bytesPerSecond) {
  const units = ["B/s", "KB/s", "MB/s", "GB/s"];
  let v = bytesPerSecond;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/**
 * `hh:mm:ss.mmm` of an ISO time, in local time as the terminal shows it.
 * @param {string | undefined} ts
 */
export function clock(ts) {
  if (!ts) return "";
  const d = new Date(ts);
  const pad = (/** @type {number} */ n, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${
    pad(d.getMilliseconds(), 3)
  }`;
}

/**
 * How a row names a peer: its port alone (`:39578`) when every peer seen is on one host,
 * as on loopback; else the whole address.
 * @param {string | undefined} peer
 * @param {boolean} oneHost
 */
export function peerLabel(peer, oneHost) {
  if (!peer) return "";
  const colon = peer.lastIndexOf(":");
  return oneHost && colon > 0 ? peer.slice(colon) : peer;
}

/** The peers this page has coloured, in the order it first saw them. */
const peerIndex = new Map();

/** The golden angle: each next peer's hue as far from all before it as it can be. */
const GOLDEN_ANGLE = 137.508;

/**
 * A colour of its own for each peer, so one peer's rows are seen together. Handed out in the
 * order the page first sees the peers, a golden angle apart: a class's clients connect from
 * ports one apart (:59736, :59738), which a hash of the name gave all but the same hue.
 * @param {string | undefined} peer
 */
export function peerHue(peer) {
  const name = peer ?? "";
  let index = peerIndex.get(name);
  if (index === undefined) peerIndex.set(name, index = peerIndex.size);
  return Math.round((index * GOLDEN_ANGLE) % 360);
}
