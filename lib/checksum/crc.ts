/**
 * A parameterised CRC, as the Rocksoft model and the RevEng catalogue define
 * one: width, poly, init, refin, refout, xorout. One table of 256 entries is
 * made per CRC, then each byte costs one lookup. Widths from 8 to 32 bits.
 */

/** A CRC's parameters, as the RevEng catalogue lists them. */
export interface CrcParams {
  /** Bits: 8 to 32. */
  width: number;
  poly: number;
  init: number;
  /** Each input byte is taken least significant bit first. */
  refin: boolean;
  /** The register is reflected before xorout. */
  refout: boolean;
  xorout: number;
}

/** The bits of `value`'s low `bits` bits in reverse order. */
function reflect(value: number, bits: number): number {
  let out = 0;
  for (let i = 0; i < bits; i++) out = (out << 1) | ((value >>> i) & 1);
  return out >>> 0;
}

const REFLECTED_BYTE = Uint8Array.from({ length: 256 }, (_, b) => reflect(b, 8));

/** The CRC of `data` under `p`, as an unsigned number. */
export function crcFunction(p: CrcParams): (data: Uint8Array) => number {
  if (!Number.isInteger(p.width) || p.width < 8 || p.width > 32) {
    throw new RangeError(`Cannot make a CRC of width ${p.width}: widths are 8 to 32`);
  }
  const top = p.width - 8;
  const mask = p.width === 32 ? 0xffffffff : (1 << p.width) - 1;
  const high = 2 ** (p.width - 1);
  // Most significant bit first: the register's top byte and the next input byte pick the entry.
  const table = Uint32Array.from({ length: 256 }, (_, b) => {
    let reg = b * 2 ** top;
    for (let i = 0; i < 8; i++) {
      reg = reg >= high ? ((reg * 2) % 2 ** p.width) ^ p.poly : reg * 2;
      reg >>>= 0;
    }
    return reg & mask;
  });
  return (data) => {
    let reg = p.init & mask;
    for (const byte of data) {
      const b = p.refin ? REFLECTED_BYTE[byte] : byte;
      reg = (table[((reg >>> top) ^ b) & 0xff] ^ (reg << 8)) & mask;
    }
    if (p.refout) reg = reflect(reg, p.width);
    return ((reg ^ p.xorout) & mask) >>> 0;
  };
}
