/**
 * Where and why bytes stop being JSON, for the `json` header's error
 * message: JSON.parse does not say where in every case. Pure, and without
 * recursion, so no nesting depth can overflow the stack.
 */
import { said } from "../i18n/say.ts";
import type { Said } from "../events/types.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LITERALS = ["true", "false", "null"].map((word) => new TextEncoder().encode(word));

/** Where and why `bytes` (valid UTF-8, invalid JSON) stop being JSON. */
export function describeJsonError(bytes: Uint8Array): Said {
  const at = jsonErrorAt(bytes);
  if (at < 0) return said("reason.json_invalid");
  if (at >= bytes.length) return said("reason.json_ends", { at: bytes.length });
  const byte = bytes[at];
  const shown = byte >= 0x20 && byte < 0x7f
    ? `'${String.fromCharCode(byte)}'`
    : `0x${byte.toString(16).padStart(2, "0")}`;
  return said("reason.json_unexpected", { at, size: bytes.length, shown });
}

/**
 * Index of the first byte at which `bytes` stops being one JSON value
 * (`bytes.length` when it ends early; -1 when it is valid).
 */
export function jsonErrorAt(bytes: Uint8Array): number {
  return new JsonScanner(bytes).errorAt();
}

/** A one-pass JSON checker: a position, and the containers open around it. */
class JsonScanner {
  #at = 0;
  /** Open containers, innermost last (bounded: at most one per byte of the header). */
  readonly #open: number[] = [];

  constructor(readonly bytes: Uint8Array) {}

  errorAt(): number {
    for (;;) {
      const value = this.#value();
      if (value === "opened") continue;
      if (value !== "read") return value;
      const next = this.#close();
      if (next !== "next") return next;
    }
  }

  /** The value expected here: "opened" a container, "read" a whole value, or where it fails. */
  #value(): number | "opened" | "read" {
    const { bytes } = this;
    this.#skipSpace();
    if (this.#at >= bytes.length) return bytes.length;
    const byte = bytes[this.#at];
    if (byte !== OPEN_BRACE && byte !== OPEN_BRACKET) return this.#scalar() ? "read" : this.#at;
    this.#at++;
    this.#skipSpace();
    if (bytes[this.#at] === closer(byte)) {
      this.#at++;
      return "read";
    }
    this.#open.push(byte);
    if (byte === OPEN_BRACE && !this.#key()) return this.#at;
    return "opened";
  }

  /** After a value: closes containers; "next" after a comma, else where the text ends or fails. */
  #close(): number | "next" {
    const { bytes } = this;
    for (;;) {
      this.#skipSpace();
      if (this.#open.length === 0) return this.#at < bytes.length ? this.#at : -1;
      if (this.#at >= bytes.length) return bytes.length;
      const container = this.#open[this.#open.length - 1];
      if (bytes[this.#at] === COMMA) {
        this.#at++;
        return container === OPEN_BRACE && !this.#key() ? this.#at : "next";
      }
      if (bytes[this.#at] !== closer(container)) return this.#at;
      this.#at++;
      this.#open.pop();
    }
  }

  #skipSpace(): void {
    const { bytes } = this;
    while (this.#at < bytes.length && isSpace(bytes[this.#at])) this.#at++;
  }

  #scalar(): boolean {
    const byte = this.bytes[this.#at];
    if (byte === QUOTE) return this.#string();
    return byte === MINUS || isDigit(byte) ? this.#number() : this.#literal();
  }

  /** An object key and its colon. */
  #key(): boolean {
    this.#skipSpace();
    if (!this.#string()) return false;
    this.#skipSpace();
    if (this.bytes[this.#at] !== COLON) return false;
    this.#at++;
    return true;
  }

  #string(): boolean {
    const { bytes } = this;
    if (bytes[this.#at] !== QUOTE) return false;
    for (this.#at++; this.#at < bytes.length; this.#at++) {
      const byte = bytes[this.#at];
      if (byte === QUOTE) {
        this.#at++;
        return true;
      }
      if (byte < 0x20) return false;
      if (byte === BACKSLASH && !this.#escape()) return false;
    }
    return false;
  }

  /** The escape after a backslash (`\n`, `\u00e9`…); leaves `at` on its last byte. */
  #escape(): boolean {
    const { bytes } = this;
    this.#at++;
    if (this.#at < bytes.length && bytes[this.#at] === 0x75) {
      for (let digit = 0; digit < 4; digit++) {
        this.#at++;
        if (this.#at >= bytes.length || !isHexDigit(bytes[this.#at])) return false;
      }
      return true;
    }
    return this.#at < bytes.length && '"\\/bfnrt'.includes(String.fromCharCode(bytes[this.#at]));
  }

  #number(): boolean {
    const { bytes } = this;
    if (bytes[this.#at] === MINUS) this.#at++;
    if (bytes[this.#at] === 0x30) this.#at++;
    else if (!this.#digits()) return false;
    if (bytes[this.#at] === 0x2e) {
      this.#at++;
      if (!this.#digits()) return false;
    }
    if (bytes[this.#at] === 0x65 || bytes[this.#at] === 0x45) {
      this.#at++;
      if (bytes[this.#at] === 0x2b || bytes[this.#at] === MINUS) this.#at++;
      if (!this.#digits()) return false;
    }
    return true;
  }

  #digits(): boolean {
    const start = this.#at;
    while (this.#at < this.bytes.length && isDigit(this.bytes[this.#at])) this.#at++;
    return this.#at > start;
  }

  #literal(): boolean {
    const word = LITERALS.find((candidate) => candidate[0] === this.bytes[this.#at]);
    if (word === undefined) return false;
    for (const byte of word) {
      if (this.bytes[this.#at] !== byte) return false;
      this.#at++;
    }
    return true;
  }
}

function closer(open: number): number {
  return open === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isHexDigit(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}
