/**
 * The acknowledgement of an upload: a reply whose `ok` is true or false, read
 * where senders put it. framecat's save puts it in the reply's JSON header and
 * in its body (a JSON object, with `error` on a refusal); the course's servers
 * put it in the body, or send a header alone, `{"ok": true}` without
 * `total_size`. Anything else (an echo of the upload, a text) is no
 * acknowledgement, whatever it says.
 */
import type { Frame, JsonHeader } from "./types.ts";

const decoder = new TextDecoder();
const OPEN_BRACE = 0x7b;

export interface Acknowledgement {
  ok: boolean;
  /** Why the file was refused, when the reply says. */
  error?: string;
}

/** `reply` as an acknowledgement; undefined when it has no `ok` of true or false. */
export function acknowledgement(reply: Frame): Acknowledgement | undefined {
  const body = jsonObject(reply.payload);
  const ok = reply.header && "ok" in reply.header ? reply.header.ok : body?.ok;
  if (typeof ok !== "boolean") return undefined;
  const error = body?.error ?? reply.header?.error;
  return typeof error === "string" ? { ok, error } : { ok };
}

/** The body as a JSON object, if it is one (a body that does not start with `{` is not parsed). */
function jsonObject(payload: Uint8Array): JsonHeader | undefined {
  const first = payload.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (first < 0 || payload[first] !== OPEN_BRACE) return undefined;
  try {
    const body: unknown = JSON.parse(decoder.decode(payload));
    return typeof body === "object" && body !== null && !Array.isArray(body)
      ? body as JsonHeader
      : undefined;
  } catch {
    return undefined;
  }
}
