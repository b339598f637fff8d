/**
 * The server's clock. A testing aid: the environment variable
 * `FRAMECAT_FAKE_NOW=<milliseconds since the epoch>` stops it at that instant,
 * so the replies of `time` can be compared with another program's.
 */

export function serverClock(): () => Date {
  const fake = fakeNow();
  return fake === undefined ? () => new Date() : () => new Date(fake);
}

const VARIABLE = "FRAMECAT_FAKE_NOW";

function fakeNow(): number | undefined {
  // Asked, not requested: without --allow-env nobody is prompted, and the clock is real.
  if (Deno.permissions.querySync({ name: "env", variable: VARIABLE }).state !== "granted") {
    return undefined;
  }
  const text = Deno.env.get(VARIABLE)?.trim();
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}
