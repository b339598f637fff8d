/**
 * The names `save` accepts from the network: a base name and nothing else,
 * judged the same on every platform so a name refused on Windows is refused
 * everywhere. The rules are one list, {@linkcode NAME_RULES}, which the
 * README repeats ("save: file names").
 */

/** Longest name most file systems take, in UTF-8 bytes. */
const MAX_NAME_BYTES = 255;

/** A rule a name must pass: the test that refuses it, and why. */
interface NameRule {
  refuses(name: string): boolean;
  why: string;
}

/** Names Windows keeps for devices, with any extension, and COM/LPT with a superscript digit. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Every rule of a saved file's name, in the order they are checked. */
export const NAME_RULES: readonly NameRule[] = [
  { refuses: (name) => name === "", why: "it is empty" },
  { refuses: (name) => name === "." || name === "..", why: "it names a directory" },
  {
    refuses: (name) => /[/\\]/.test(name),
    why: "it has a directory part (only the base name is used, without / or \\)",
  },
  // Before any rule that encodes it: a lone surrogate has no UTF-8 form at all.
  { refuses: (name) => !name.isWellFormed(), why: "it holds a lone surrogate (not text)" },
  {
    // deno-lint-ignore no-control-regex
    refuses: (name) => /[\x00-\x1f\x7f-\x9f]/.test(name),
    why: "it holds a control character (C0 or C1)",
  },
  {
    // Bidi overrides make x\u202egnp.exe show as "xexe.png"; others are invisible.
    refuses: (name) => /[\p{Cf}\p{Zl}\p{Zp}]/u.test(name),
    why: "it holds a format character (bidi override, zero-width, line separator)",
  },
  { refuses: (name) => /[<>:"|?*]/.test(name), why: 'it holds one of < > : " | ? *' },
  { refuses: (name) => /[. ]$/.test(name), why: "it ends with a dot or a space" },
  { refuses: (name) => WINDOWS_DEVICE.test(name), why: "it is a device name on Windows" },
  {
    refuses: (name) => new TextEncoder().encode(name).length > MAX_NAME_BYTES,
    why: `it is longer than ${MAX_NAME_BYTES} bytes`,
  },
];

/** `name` when it is a plain base name; otherwise a RangeError saying which rule it breaks. */
export function checkBaseName(name: unknown): string {
  if (typeof name !== "string") {
    throw new RangeError(`file_name must be a string, got ${JSON.stringify(name) ?? "nothing"}`);
  }
  const broken = NAME_RULES.find((rule) => rule.refuses(name));
  if (broken) {
    throw new RangeError(
      `file_name ${JSON.stringify(name)} is not a plain file name: ${broken.why}`,
    );
  }
  return name;
}
