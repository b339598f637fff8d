/** The outputs an event can be shown in, and where bytes are written: no state, so anyone may import it. */

export const OUTPUTS = ["text", "hex", "json", "raw"] as const;
export type Output = typeof OUTPUTS[number];

export interface Writer {
  writeSync(p: Uint8Array): number;
}

/** Writes all of `bytes` (writeSync may write less than asked). */
export function writeAllSync(w: Writer, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length;) off += w.writeSync(bytes.subarray(off));
}
