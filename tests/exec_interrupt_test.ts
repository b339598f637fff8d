/**
 * An exec server told to stop (Ctrl-C, SIGTERM) while a client's command
 * runs stops at once and kills the command; it used to wait for the command
 * to end or for --exec-timeout, holding the terminal for up to 10 s.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { text } from "./helpers/net.ts";

/** True while `pid` runs (a zombie, dead but not yet reaped, counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch {
    return false;
  }
}

/** The pid the command wrote to `path` (it may take a moment to appear). */
async function pidIn(path: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const written = await Deno.readTextFile(path).catch(() => "");
    if (/^\d+\n/.test(written)) return Number(written.trim());
    await sleep(50);
  }
  throw new Error(`no pid in ${path}`);
}

/** A command that says its pid, then runs for 30 s (the timeout is longer still). */
const sleeper = (dir: string) => `echo $$ > ${dir}/pid; exec sleep 30`;

for (const transport of ["tcp", "udp"] as const) {
  const signal = transport === "tcp" ? "SIGTERM" : "SIGINT";
  Deno.test({
    name:
      `exec over ${transport}: ${signal} while a command runs stops the server at once, and the command`,
    ignore: Deno.build.os !== "linux",
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "fc_exec_stop_" });
      const at = transport === "udp" ? "udp://127.0.0.1:0" : "127.0.0.1:0";
      const { framecat: server, port } = await Framecat.listening(
        ["serve", at, "--behavior", "exec", "--exec-timeout", "60", "--output", "json"],
        { process: signal === "SIGTERM" },
      );
      await using _ = server;
      // The client stays: its connection (or socket) is open while the command runs.
      const conn = transport === "tcp"
        ? await Deno.connect({ hostname: "127.0.0.1", port })
        : undefined;
      const sock = transport === "udp"
        ? Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 })
        : undefined;
      let pid: number | undefined;
      try {
        const command = text(sleeper(dir));
        if (conn) await conn.write(command);
        await sock?.send(command, { transport: "udp", hostname: "127.0.0.1", port });
        pid = await pidIn(`${dir}/pid`);
        // The command runs 30 s: a server that waited for it would not end within stop()'s
        // bound (a process is then killed, exit 137; an in-process run fails the test).
        const status = await server.stop(signal);
        assert.equal(status.code, 0, server.stderr);
        for (let i = 0; i < 40 && alive(pid); i++) await sleep(50);
        assert.ok(!alive(pid), `the command ${pid} outlived the server`);
        const said = eventsOf(server.events, "info", "exec").map((e) => e.message);
        assert.deepEqual(said, [`exec "${sleeper(dir)}": killed, as the server is stopping`]);
        // The stats are the run's last word, after what the behaviour said as it stopped.
        assert.equal(
          server.events.at(-1)?.event,
          "stats",
          server.events.map((e) => e.event).join(),
        );
      } finally {
        if (pid !== undefined && alive(pid)) Deno.kill(pid, "SIGKILL");
        conn?.close();
        sock?.close();
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
