/**
 * Narration in the language asked for (`--lang`, default from the locale).
 * Every key exists in both catalogues; `{name}` placeholders take the
 * figures a phase measured.
 */
import type { Lang } from "../options/types.ts";
import { EN } from "./messages_en.ts";
import { ZH } from "./messages_zh.ts";

/** Figures a phase measured, quoted by its narration as `{name}`. */
export type Vars = Record<string, string | number>;

export type MessageKey = keyof typeof EN;

export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = {
  en: EN,
  zh: ZH,
};

/** A narration line with its placeholders filled. */
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function translator(lang: Lang): Translate {
  const catalogue = CATALOGUES[lang];
  return (key, vars = {}) =>
    catalogue[key].replace(
      /\{(\w+)\}/g,
      (whole, name: string) => name in vars ? String(vars[name]) : whole,
    );
}

/** The key of a demo's line: `<demo>.summary`, or `<demo>.<phase>.heading` / `.explain`. */
export function demoKey(demo: string, ...path: string[]): MessageKey {
  const key = [demo, ...path].join(".");
  if (!(key in EN)) throw new Error(`The demo narration has no line "${key}"`);
  return key as MessageKey;
}
