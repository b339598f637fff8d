/** framecat check in the language asked for (`--lang`, default from the locale). */
import type { Lang } from "../options/types.ts";
import { EN, type MessageKey } from "./messages_en.ts";
import { ZH } from "./messages_zh.ts";

export type { MessageKey };

/** What a line quotes, by `{name}`. */
export type Vars = Record<string, string | number>;

/** A line of the catalogue with its `{name}`s filled. */
export type Say = (key: MessageKey, vars?: Vars) => string;

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en: EN, zh: ZH };

export function sayer(lang: Lang): Say {
  const catalogue = CATALOGUES[lang];
  return (key, vars = {}) =>
    catalogue[key].replace(
      /\{(\w+)\}/g,
      (whole, name: string) => name in vars ? String(vars[name]) : whole,
    );
}
