/**
 * `COMMAND --web`: the page's Restart runs the command again in its place, on
 * the same terminal (its output, what is typed at it, Ctrl-C), and the command
 * line goes on with that run. It used to end the command: the page's one
 * session stopped, so `serve … --web` exited and took the page with it.
 */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { freePort, readBytes } from "./helpers/net.ts";

const enc = new TextEncoder();

/** The page's Restart of the command's session (its one, id 1), as the page asks for it. */
async function restartFromPage(page: URL): Promise<void> {
  const restart = await fetch(`${page.origin}/api/sessions/1/restart`, {
    method: "POST",
    headers: { authorization: `Bearer ${page.searchParams.get("token")}` },
  });
  assert.equal(restart.status, 200, await restart.text());
}

Deno.test("serve --web: the page's Restart starts the server again on the same terminal, as typed, and typing and Ctrl-C still reach it", async () => {
  await using fc = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "line",
    "--behavior",
    "print",
    "--web",
    "127.0.0.1:0",
  ], { stdin: true, keepStdout: true });
  const url = new URL(
    await fc.waitFor(() => /open (http\S+)/.exec(fc.stderr)?.[1], 15_000, "the page's address"),
  );
  /** The port of the `n`th "Listening on" line on the terminal (stderr, with the other notes). */
  const listening = (n: number) =>
    fc.waitFor(
      () => {
        const all = [...fc.stderr.matchAll(/Listening on tcp:\/\/127\.0\.0\.1:(\d+)/g)];
        return all.length >= n ? Number(all[n - 1][1]) : undefined;
      },
      15_000,
      `listening line #${n}`,
    );
  await listening(1);

  await restartFromPage(url);
  // The new run says it listens on this terminal (a free port again: its endpoint's :0).
  const port = await listening(2);

  // It serves: a client's line is shown here, in text as the command line asked.
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(enc.encode("hi\n"));
  const terminal = () => fc.stdout + fc.stderr;
  await fc.waitFor(() => /"hi\\n"/.test(terminal()) || undefined, 10_000, "the frame");
  assert.ok(!terminal().includes('{"ts"'), `no NDJSON after the restart:\n${terminal()}`);

  // What is typed at the terminal goes to its client: stdin was left for the new run.
  // (Not awaited: a run that reads nothing would hold the write forever; the read is bounded.)
  const writer = fc.stdin.getWriter();
  writer.write(enc.encode("typed\n")).catch(() => {});
  assert.equal(new TextDecoder().decode(await readBytes(conn, 6, 5_000)), "typed\n");
  writer.releaseLock();

  // Ctrl-C ends it, as it ends the command; each run said its stats.
  const status = await fc.stop();
  assert.equal(status.code, 0, fc.stderr);
  assert.equal([...terminal().matchAll(/stats: /g)].length, 2, terminal());
});

Deno.test("check --web: the page's Restart runs the check again while its page stays open, and the exit code is the last run's", async () => {
  // Nobody serves the port yet: the first run fails every case.
  const port = freePort();
  await using fc = new Framecat(["check", "echo", `127.0.0.1:${port}`, "--web", "127.0.0.1:0"], {
    keepStdout: true,
  });
  const terminal = () => fc.stdout + fc.stderr;
  const url = new URL(
    await fc.waitFor(() => /open (http\S+)/.exec(fc.stderr)?.[1], 15_000, "the page's address"),
  );
  await fc.waitFor(() => /page stays open/.test(terminal()) || undefined, 30_000, "the first run");
  assert.match(terminal(), /0 passed/);

  // An echo server comes up; the Restart in the page checks it again, on this terminal.
  const { framecat: server } = await Framecat.listening([
    "serve",
    `127.0.0.1:${port}`,
    "--behavior",
    "echo",
    "--output",
    "json",
  ]);
  await using _server = server;
  await restartFromPage(url);
  await fc.waitFor(
    () => [...terminal().matchAll(/page stays open/g)].length === 2 || undefined,
    30_000,
    "the second run",
  );
  assert.match(terminal(), /0 failed/);
  const status = await fc.stop();
  assert.equal(status.code, 0, terminal());
});
