/**
 * framecat's sentences in either language: a {@linkcode Said} (a key of the
 * catalogues and the values it quotes) said in English or Chinese. Errors
 * carry a Said, so the same error reads in the terminal's language and in the
 * web page's, whichever that is.
 */
import type { Said } from "../events/types.ts";
import { say } from "../shared/say.js";
import { EN, type WordKey } from "./words_en.ts";
import { ZH } from "./words_zh.ts";

export type { Said, WordKey };

/** Every catalogue, by language (GET /api/words gives them to the page). */
export const WORDS: Readonly<Record<"en" | "zh", Readonly<Record<WordKey, string>>>> = {
  en: EN,
  zh: ZH,
};

/** The languages framecat speaks (options/tables.ts's LANGS). */
export type Lang = keyof typeof WORDS;

/**
 * The language a locale asks for, as `LC_ALL`, `LC_MESSAGES` and `LANG` say
 * in that order (the first set wins, as POSIX reads them): `zh_*` is Chinese.
 * @param env reads a variable of the environment (the command line's)
 */
export function langOfLocale(env: (name: string) => string | undefined): Lang {
  const locale = env("LC_ALL") || env("LC_MESSAGES") || env("LANG") || "";
  return /^zh/i.test(locale) ? "zh" : "en";
}

/** A sentence of the catalogues: its key is checked, its values are what it quotes. */
export function said(key: WordKey, vars?: Said["vars"]): Said {
  return vars === undefined ? { key } : { key, vars };
}

/**
 * Names or values in a sentence, as the language lists them: `a, b, c` (`a、b、c`), or with
 * `list.or` `a, b or c` (`a、b 或 c`). One item is itself; none is the empty text.
 */
export function listed(
  items: readonly string[],
  last: "list.comma" | "list.or" = "list.comma",
): Said | string {
  if (items.length <= 1) return items[0] ?? "";
  return said(last, { some: listed(items.slice(0, -1)), last: items.at(-1)! });
}

/** The sentence in `lang` (English where Chinese lacks a key, which the type checker forbids). */
export function sayIn(lang: Lang, sentence: Said): string {
  return say(WORDS[lang], sentence, EN);
}

/** An event's `message` (in English) and its `said` (said in --lang where it is shown). */
export function saying(sentence: Said): { message: string; said: Said } {
  return { message: sayEn(sentence), said: sentence };
}

/** The sentence in English: what `message` and Error messages hold today. */
export function sayEn(sentence: Said): string {
  return say(EN, sentence);
}
