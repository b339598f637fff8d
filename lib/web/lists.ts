/**
 * The lists the page offers (framings, prefixes, behaviours, demos,
 * encodings), made from the tables the command line itself uses, so the page
 * never keeps a copy that drifts. GET /api/lists answers with all of them.
 * A command that brings a list of its own (checks, checksum names) adds one
 * entry to {@linkcode LISTS}: its name, and the table it comes from.
 */
import { DEMOS } from "../demo/catalog.ts";
import { CHECK_WAYS } from "../events/choices.ts";
import { WRITABLE_ENCODINGS } from "../notation/text_encoding.ts";
import { parsePrefix } from "../framing/prefix.ts";
import { COURSE_PREFIX_CODE, FRAMINGS, PREFIXES } from "../framing/types.ts";
import { BEHAVIORS, CHECK_NAMES } from "../options/tables.ts";
import { CHECKSUMS } from "../checksum/catalog.ts";
import { said } from "../i18n/say.ts";
import { EN as DEMO_EN } from "../demo/messages_en.ts";
import { ZH as DEMO_ZH } from "../demo/messages_zh.ts";

/** One choice of --prefix: as written, what it reads as, and whether it is the course's. */
export interface PrefixChoice {
  value: string;
  means: string;
  course?: true;
}

/** The course's `i` first, then framecat's names, then the network-order struct code. */
function prefixChoices(): PrefixChoice[] {
  const course = {
    value: COURSE_PREFIX_CODE,
    means: parsePrefix(COURSE_PREFIX_CODE),
    course: true,
  };
  return [
    course as PrefixChoice,
    ...PREFIXES.map((p) => ({ value: p, means: p })),
    { value: "!I", means: parsePrefix("!I") },
  ];
}

/** The encodings a Chinese, Japanese or Korean class meets first, then every other one. */
const FIRST_ENCODINGS = ["utf-8", "gbk", "gb18030", "big5", "shift_jis", "euc-kr"];

/** Every list the page offers, by name: one entry per list. */
export const LISTS = {
  framings: () => FRAMINGS,
  prefixes: prefixChoices,
  behaviors: () => BEHAVIORS,
  checks: () => CHECK_NAMES,
  ways: () => CHECK_WAYS,
  demos: () => DEMOS.map((d) => d.name),
  /** What each demo shows, in both languages (`framecat demo` lists the same lines). */
  demo_summaries: () =>
    DEMOS.map((d) => ({
      value: d.name,
      en: DEMO_EN[`${d.name}.summary`],
      zh: DEMO_ZH[`${d.name}.summary`],
    })),
  encodings: () => [
    ...FIRST_ENCODINGS.filter((e) => WRITABLE_ENCODINGS.includes(e)),
    ...WRITABLE_ENCODINGS.filter((e) => !FIRST_ENCODINGS.includes(e)),
  ],
  /** --checksum: each name, what it is, and its check value (of `123456789`) as written. */
  checksums: () =>
    CHECKSUMS.map((c) => ({
      value: c.name,
      means: c.catalogue,
      // A sum's description, for the page to say in its language (a CRC's name is its own).
      ...(c.about ? { said: said(c.about) } : {}),
      check: c.check.toString(16).toUpperCase().padStart(2 * c.size, "0"),
    })),
} satisfies Record<string, () => readonly unknown[]>;

/** The lists by name, as GET /api/lists answers them (the page reads this type too). */
export type Lists = { [K in keyof typeof LISTS]: ReturnType<(typeof LISTS)[K]> };

/** The lists as GET /api/lists answers them. */
export function lists(): Lists {
  return Object.fromEntries(Object.entries(LISTS).map(([name, list]) => [name, list()])) as Lists;
}
