/**
 * TLS records where plain bytes were expected: a ClientHello at a plain
 * server, an alert from a TLS server at a plain client. Pure, so the
 * framing hints and the stream readers share it.
 */

import { said, sayEn } from "../i18n/say.ts";

/** What to say when a peer speaks TLS to a plain endpoint. */
export const TLS_HINT = sayEn(said("hint.tls"));

/** Handshake (22) or alert (21) records; other types are too easily plain binary data. */
const RECORD_TYPES = new Set([0x15, 0x16]);

/** True when `bytes` start like a TLS record: type, then version 3.0 to 3.4 (SSL 3 to TLS 1.3). */
export function looksLikeTls(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && RECORD_TYPES.has(bytes[0]) && bytes[1] === 0x03 && bytes[2] <= 0x04;
}
