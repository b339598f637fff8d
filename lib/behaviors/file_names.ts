/**
 * The names `save` accepts from the network: a base name and nothing else,
 * judged the same on every platform so a name refused on Windows is refused
 * everywhere. The rules are one list, {@linkcode NAME_RULES}, which the
 * README repeats ("save: file names").
 */

import { SaidRangeError } from "../errors.ts";
import { type Said, said } from "../i18n/say.ts";

/** Longest name most file systems take, in UTF-8 bytes. */
const MAX_NAME_BYTES = 255;

/** A rule a name must pass: the test that refuses it, and why. */
interface NameRule {
  refuses(name: string): boolean;
  why: Said;
}

/** Names Windows keeps for devices, with any extension, and COM/LPT with a superscript digit. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Every rule of a saved file's name, in the order they are checked. */
export const NAME_RULES: readonly NameRule[] = [
  { refuses: (name) => name === "", why: said("name.empty") },
  { refuses: (name) => name === "." || name === "..", why: said("name.directory") },
  {
    refuses: (name) => /[/\\]/.test(name),
    why: said("name.has_dir"),
  },
  // Before any rule that encodes it: a lone surrogate has no UTF-8 form at all.
  { refuses: (name) => !name.isWellFormed(), why: said("name.surrogate") },
  {
    // deno-lint-ignore no-control-regex
    refuses: (name) => /[\x00-\x1f\x7f-\x9f]/.test(name),
    why: said("name.control"),
  },
  {
    // Bidi overrides make x\u202egnp.exe show as "xexe.png"; others are invisible.
    refuses: (name) => /[\p{Cf}\p{Zl}\p{Zp}]/u.test(name),
    why: said("name.format"),
  },
  { refuses: (name) => /[<>:"|?*]/.test(name), why: said("name.reserved") },
  { refuses: (name) => /[. ]$/.test(name), why: said("name.trailing") },
  { refuses: (name) => WINDOWS_DEVICE.test(name), why: said("name.device") },
  {
    refuses: (name) => new TextEncoder().encode(name).length > MAX_NAME_BYTES,
    why: said("name.long", { max: MAX_NAME_BYTES }),
  },
];

/** `name` when it is a plain base name; otherwise a RangeError saying which rule it breaks. */
export function checkBaseName(name: unknown): string {
  if (typeof name !== "string") {
    throw new SaidRangeError(said("name.not_string", { got: JSON.stringify(name) ?? "nothing" }));
  }
  const broken = NAME_RULES.find((rule) => rule.refuses(name));
  if (broken) {
    throw new SaidRangeError(
      said("name.not_plain", { name: JSON.stringify(name), why: broken.why }),
    );
  }
  return name;
}
