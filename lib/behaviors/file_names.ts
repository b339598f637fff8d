/**
 * The names `save` accepts from the network: a base name and nothing else,
 * judged the same on every platform so a name refused on Windows is refused
 * everywhere.
 */

/** Longest name most file systems take, in UTF-8 bytes. */
const MAX_NAME_BYTES = 255;
/** Characters Windows refuses in names (`:` would open an alternate data stream). */
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;
/** Names Windows keeps for devices, with any extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * `name` when it is a plain base name; otherwise a RangeError saying why
 * (no directory part, no `.`/`..`, no control characters, nothing Windows refuses,
 * not empty, not too long).
 */
export function checkBaseName(name: unknown): string {
  if (typeof name !== "string") {
    throw new RangeError(`file_name must be a string, got ${JSON.stringify(name) ?? "nothing"}`);
  }
  const refuse = (why: string) =>
    new RangeError(`file_name ${JSON.stringify(name)} is not a plain file name: ${why}`);
  if (name === "") throw refuse("it is empty");
  if (name === "." || name === "..") throw refuse("it names a directory");
  if (name.includes("/") || name.includes("\\")) {
    throw refuse("it has a directory part (only the base name is used, without / or \\)");
  }
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) throw refuse("it holds a control character");
  if (WINDOWS_FORBIDDEN.test(name)) throw refuse('it holds one of < > : " | ? *');
  if (WINDOWS_DEVICE.test(name)) throw refuse("it is a device name on Windows");
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) {
    throw refuse(`it is longer than ${MAX_NAME_BYTES} bytes`);
  }
  return name;
}
