/**
 * `--checksum NAME[:be|:le]`: a checksum appended to every message sent and
 * verified on every message received. Lower layers see a {@linkcode Checksum}
 * and nothing of the command line.
 */
import { UsageError } from "../errors.ts";
import { CHECKSUM_NAMES, type ChecksumAlgorithm, CHECKSUMS, findChecksum } from "./catalog.ts";
import { listed, said } from "../i18n/say.ts";
import type { Said } from "../events/types.ts";

export { CHECKSUM_NAMES };

/** What a received message's checksum says. */
export interface Verdict {
  /** The message without its checksum (the whole message when it is too short to hold one). */
  body: Uint8Array;
  /** The body's checksum as it would be sent, in hex; "" when the message is too short to hold one. */
  expected: string;
  /** The bytes the message ended with, in hex; "" when it is too short. */
  got: string;
  ok: boolean;
}

export interface Checksum {
  /** As `--checksum` takes it back: `crc16-modbus:le`. */
  readonly name: string;
  readonly algorithm: ChecksumAlgorithm;
  readonly order: "be" | "le";
  /** `payload` with its checksum after it. */
  append(payload: Uint8Array): Uint8Array;
  /** Checks the checksum a received message ends with. */
  verify(message: Uint8Array): Verdict;
}

/** Reads `NAME[:be|:le]`; a UsageError names the choices. */
export function parseChecksum(text: string): Checksum {
  const [name, order, ...rest] = text.split(":");
  const algorithm = findChecksum(name);
  if (!algorithm) {
    throw new UsageError(said("usage.checksum_name", { name, names: listed(CHECKSUM_NAMES) }));
  }
  if (rest.length > 0 || (order !== undefined && order !== "be" && order !== "le")) {
    throw new UsageError(said("usage.checksum_order", { text }));
  }
  if (order !== undefined && algorithm.size === 1) {
    throw new UsageError(said("usage.checksum_one_byte", { text, name: algorithm.name }));
  }
  return checksumOf(algorithm, order ?? algorithm.order);
}

export function checksumOf(algorithm: ChecksumAlgorithm, order: "be" | "le"): Checksum {
  const { size } = algorithm;
  const bytesOf = (data: Uint8Array) => {
    const value = algorithm.compute(data);
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const shift = 8 * (order === "be" ? size - 1 - i : i);
      out[i] = (value >>> shift) & 0xff;
    }
    return out;
  };
  return {
    name: size === 1 || order === algorithm.order ? algorithm.name : `${algorithm.name}:${order}`,
    algorithm,
    order,
    append(payload) {
      const out = new Uint8Array(payload.length + size);
      out.set(payload);
      out.set(bytesOf(payload), payload.length);
      return out;
    },
    verify(message) {
      if (message.length < size) {
        return { body: message, expected: "", got: "", ok: false };
      }
      const body = message.subarray(0, message.length - size);
      const expected = bytesOf(body).toHex();
      const got = message.subarray(message.length - size).toHex();
      return { body, expected, got, ok: expected === got };
    },
  };
}

/** Longest body whose bad checksum is explained: a raw read's most (64 KiB), device messages are far less. */
export const HINT_MAX_BODY = 65536;

/**
 * Why a received checksum may be wrong, when the bytes tell: they are this
 * checksum with its bytes the other way round (the peer packs it in the other
 * byte order), or another checksum of the catalogue, in either order (the peer
 * computes another CRC). Undefined when neither, or when the body is longer
 * than {@linkcode HINT_MAX_BODY} (every checksum of the catalogue is tried).
 * @param body the message without the bytes it ended with
 * @param got those bytes, in hex
 */
export function mismatchHint(checksum: Checksum, body: Uint8Array, got: string): Said | undefined {
  if (body.length > HINT_MAX_BODY) return undefined;
  const { algorithm, order } = checksum;
  const other = order === "be" ? "le" : "be";
  if (algorithm.size > 1 && checksumOf(algorithm, other).verify(concat(body, got)).ok) {
    const option = checksumOf(algorithm, other).name;
    return said(other === "be" ? "hint.checksum_high_first" : "hint.checksum_low_first", {
      got,
      checksum: checksum.name,
      option,
      code: `${other === "be" ? ">" : "<"}${algorithm.size === 2 ? "H" : "I"}`,
    });
  }
  for (const candidate of CHECKSUMS) {
    if (candidate === algorithm || candidate.size !== algorithm.size) continue;
    const orders = candidate.size === 1
      ? [candidate.order]
      : [candidate.order, candidate.order === "be" ? "le" as const : "be" as const];
    for (const way of orders) {
      const named = checksumOf(candidate, way);
      if (named.verify(concat(body, got)).ok) {
        return said("hint.checksum_other", { got, other: named.name });
      }
    }
  }
  return undefined;
}

function concat(body: Uint8Array, hex: string): Uint8Array {
  const tail = Uint8Array.fromHex(hex);
  const out = new Uint8Array(body.length + tail.length);
  out.set(body);
  out.set(tail, body.length);
  return out;
}
