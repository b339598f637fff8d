/**
 * Messages of errors framecat did not make: Deno's refusal of a permission
 * loses its advice to "run again with" a flag (framecat's user runs a command
 * or a binary, not `deno run`). The shipped permission set is `all`, so these
 * arise only under a narrower one: the rewriting is checked on Deno's own words.
 */
import assert from "node:assert/strict";
import { errorMessage } from "../lib/errors.ts";

Deno.test("Deno's refusal of a path under /proc says what to do, not which flag to pass", () => {
  const err = new Deno.errors.NotCapable(
    'Requires all access to "/proc/sock", run again with the --allow-all flag',
  );
  assert.equal(
    errorMessage(err),
    'framecat may not use "/proc/sock": Deno opens paths under /proc, /dev and /sys only for a ' +
      "program allowed everything; choose a path elsewhere",
  );
});

Deno.test("Deno's refusal of another permission names it, without the flag", () => {
  const err = new Deno.errors.NotCapable(
    'Requires read access to "/etc/x", run again with the --allow-read flag',
  );
  assert.equal(errorMessage(err), 'framecat is not allowed read access to "/etc/x"');
  assert.doesNotMatch(
    errorMessage(
      new Deno.errors.NotCapable("Requires net access, run again with the --allow-net flag"),
    ),
    /allow-/,
  );
});
