/**
 * Runs a command with one chromium for all of it: starts Debian's chromium as the
 * browser tests start theirs (tests/helpers/browser.ts), names its DevTools
 * WebSocket in FRAMECAT_TEST_CHROMIUM, runs the command, then closes chromium
 * and exits with the command's code.
 *
 * Why: every web test file started a chromium of its own, two seconds of CPU
 * each on the project's 2-core VM, seven times in the parallel pass; sharing one
 * (each test in a browser context of its own) keeps those for the tests.
 *
 *   deno run -P scripts/with_chromium.ts deno test -P --parallel tests/
 */
import { launchChromium, SHARED_CHROMIUM } from "../tests/helpers/browser.ts";

const [command, ...args] = Deno.args;
if (command === undefined) {
  console.error("usage: with_chromium.ts COMMAND [ARGS…]");
  Deno.exit(2);
}

const profile = await Deno.makeTempDir({ prefix: "fc15-chromium-" });
const browser = await launchChromium(profile, false).catch(async (err) => {
  await Deno.remove(profile, { recursive: true }).catch(() => {});
  const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
  console.error(`with_chromium: cannot start chromium (${why}); scripts/setup.sh installs it`);
  Deno.exit(1);
});
let code = 1;
try {
  const child = new Deno.Command(command, {
    args,
    env: { [SHARED_CHROMIUM]: browser.wsEndpoint() },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  // Ctrl-C reaches the command too (our process group's), a stop or a hang-up is passed on: either
  // way we wait for it to end, then close chromium and remove its profile. The listeners stay to
  // the end: one removed while its signal is on the way lets that signal end us before the
  // cleanup.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    Deno.addSignalListener(signal, () => {
      try {
        child.kill(signal);
      } catch { /* it has ended */ }
    });
  }
  code = (await child.status).code;
} finally {
  await browser.close().catch(() => {});
  await Deno.remove(profile, { recursive: true }).catch(() => {});
}
Deno.exit(code);
