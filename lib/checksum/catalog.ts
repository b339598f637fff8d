/**
 * The checksums `--checksum` knows, by the names people use: the short names
 * of PRODUCT.md (`crc16-modbus`) and the RevEng catalogue's own names and
 * aliases (`CRC-16/MODBUS`, `CRC-16/CCITT-FALSE`), in any case. Each carries
 * its catalogue check value, the checksum of the nine bytes `123456789`,
 * which the tests hold every entry to.
 *
 * A naming trap: "CCITT" alone means different CRCs in different places
 * (npm `crc`'s `crc16ccitt` is CCITT-FALSE, RevEng's CRC-16/CCITT is
 * KERMIT). framecat follows RevEng, and says which in the table.
 */
import { crcFunction, type CrcParams } from "./crc.ts";
import { said, sayEn, type WordKey } from "../i18n/say.ts";

export interface ChecksumAlgorithm {
  /** The short name (`crc16-modbus`). */
  readonly name: string;
  /** The RevEng catalogue's name, or what a simple sum is (in English). */
  readonly catalogue: string;
  /** A simple sum's description as a sentence of the catalogues (a CRC's name is its own). */
  readonly about?: WordKey;
  /** Other names it is found by: the catalogue's name and aliases. */
  readonly aliases: readonly string[];
  /** Bytes appended: 1, 2 or 4. */
  readonly size: number;
  /** How it is appended unless `:be` or `:le` says: big-endian, as check values are written. */
  readonly order: "be" | "le";
  /** The checksum of `123456789`. */
  readonly check: number;
  readonly compute: (data: Uint8Array) => number;
}

function crc(
  name: string,
  catalogue: string,
  aliases: string[],
  params: CrcParams,
  check: number,
  order: "be" | "le" = "be",
): ChecksumAlgorithm {
  return {
    name,
    catalogue,
    aliases: [catalogue, ...aliases],
    size: params.width / 8,
    order,
    check,
    compute: crcFunction(params),
  };
}

function sum(
  name: string,
  about: WordKey,
  size: number,
  check: number,
  compute: (data: Uint8Array) => number,
): ChecksumAlgorithm {
  return {
    name,
    catalogue: sayEn(said(about)),
    about,
    aliases: [],
    size,
    order: "be",
    check,
    compute,
  };
}

const add = (data: Uint8Array) => data.reduce((total, b) => total + b, 0);

/** Every checksum, in the order the README's table lists them. */
export const CHECKSUMS: readonly ChecksumAlgorithm[] = [
  crc(
    "crc16-modbus",
    "CRC-16/MODBUS",
    ["modbus"],
    { width: 16, poly: 0x8005, init: 0xffff, refin: true, refout: true, xorout: 0 },
    0x4b37,
    "le", // Modbus RTU sends the low byte first: 01 03 00 00 00 02 C4 0B
  ),
  crc(
    "crc16-ccitt-false",
    "CRC-16/IBM-3740",
    ["crc-16/autosar", "crc-16/ccitt-false"],
    { width: 16, poly: 0x1021, init: 0xffff, refin: false, refout: false, xorout: 0 },
    0x29b1,
  ),
  crc(
    "crc16-xmodem",
    "CRC-16/XMODEM",
    ["crc-16/acorn", "crc-16/lte", "crc-16/v-41-msb", "xmodem", "zmodem"],
    { width: 16, poly: 0x1021, init: 0, refin: false, refout: false, xorout: 0 },
    0x31c3,
  ),
  crc(
    "crc16-kermit",
    "CRC-16/KERMIT",
    [
      "crc-16/bluetooth",
      "crc-16/ccitt",
      "crc-16/ccitt-true",
      "crc-16/v-41-lsb",
      "crc-ccitt",
      "kermit",
    ],
    { width: 16, poly: 0x1021, init: 0, refin: true, refout: true, xorout: 0 },
    0x2189,
  ),
  crc(
    "crc16-x25",
    "CRC-16/IBM-SDLC",
    ["crc-16/iso-hdlc", "crc-16/iso-iec-14443-3-b", "crc-16/x-25", "crc-b", "x-25"],
    { width: 16, poly: 0x1021, init: 0xffff, refin: true, refout: true, xorout: 0xffff },
    0x906e,
  ),
  crc(
    "crc16-arc",
    "CRC-16/ARC",
    ["arc", "crc-16", "crc-16/lha", "crc-ibm"],
    { width: 16, poly: 0x8005, init: 0, refin: true, refout: true, xorout: 0 },
    0xbb3d,
  ),
  crc(
    "crc16-usb",
    "CRC-16/USB",
    [],
    { width: 16, poly: 0x8005, init: 0xffff, refin: true, refout: true, xorout: 0xffff },
    0xb4c8,
  ),
  crc(
    "crc8",
    "CRC-8/SMBUS",
    ["crc-8"],
    { width: 8, poly: 0x07, init: 0, refin: false, refout: false, xorout: 0 },
    0xf4,
  ),
  crc(
    "crc8-maxim",
    "CRC-8/MAXIM-DOW",
    ["crc-8/maxim", "dow-crc"],
    { width: 8, poly: 0x31, init: 0, refin: true, refout: true, xorout: 0 },
    0xa1,
  ),
  crc(
    "crc32",
    "CRC-32/ISO-HDLC",
    ["crc-32", "crc-32/adccp", "crc-32/v-42", "crc-32/xz", "pkzip"],
    {
      width: 32,
      poly: 0x04c11db7,
      init: 0xffffffff,
      refin: true,
      refout: true,
      xorout: 0xffffffff,
    },
    0xcbf43926,
  ),
  crc(
    "crc32c",
    "CRC-32/ISCSI",
    ["crc-32/base91-c", "crc-32/castagnoli", "crc-32/interlaken", "crc-32c"],
    {
      width: 32,
      poly: 0x1edc6f41,
      init: 0xffffffff,
      refin: true,
      refout: true,
      xorout: 0xffffffff,
    },
    0xe3069283,
  ),
  crc(
    "crc32-bzip2",
    "CRC-32/BZIP2",
    ["crc-32/aal5", "crc-32/dect-b", "b-crc-32"],
    {
      width: 32,
      poly: 0x04c11db7,
      init: 0xffffffff,
      refin: false,
      refout: false,
      xorout: 0xffffffff,
    },
    0xfc891918,
  ),
  crc(
    "crc32-mpeg2",
    "CRC-32/MPEG-2",
    [],
    { width: 32, poly: 0x04c11db7, init: 0xffffffff, refin: false, refout: false, xorout: 0 },
    0x0376e6e7,
  ),
  sum("xor8", "checksum.xor8", 1, 0x31, (d) => d.reduce((x, b) => x ^ b, 0)),
  sum(
    "lrc",
    "checksum.lrc",
    1,
    0x23,
    (d) => (0x100 - (add(d) & 0xff)) & 0xff,
  ),
  sum("sum8", "checksum.sum8", 1, 0xdd, (d) => add(d) & 0xff),
  sum("sum16", "checksum.sum16", 2, 0x01dd, (d) => add(d) & 0xffff),
];

/** The short names, for help, the page and errors. */
export const CHECKSUM_NAMES: readonly string[] = CHECKSUMS.map((c) => c.name);

const BY_NAME = new Map<string, ChecksumAlgorithm>(
  CHECKSUMS.flatMap((c) =>
    [c.name, ...c.aliases].map((
      n,
    ): [string, ChecksumAlgorithm] => [n.toLowerCase(), c])
  ),
);

/** The checksum called `name` (any case, short or catalogue name), or undefined. */
export function findChecksum(name: string): ChecksumAlgorithm | undefined {
  return BY_NAME.get(name.toLowerCase());
}
