/**
 * exec kills a client's command when its connection is reset: it used to run
 * on to its end or to --exec-timeout, its reply written to a dead socket. A
 * client that only shuts its write side (nc -N) still gets its reply.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { Framecat } from "./helpers/cli.ts";
import { readToEnd, text } from "./helpers/net.ts";
import { python } from "./helpers/process.ts";

/** True while `pid` runs (a zombie, dead but not yet reaped, counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch {
    return false;
  }
}

/**
 * A python3 client: sends argv[2] to port argv[1], waits for the pid file argv[3] to be
 * written, then resets its connection (SO_LINGER 0, then close) and prints that pid.
 */
const RESETTING_CLIENT = `
import socket, struct, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.argv[2].encode())
deadline = time.time() + 10
pid = ""
while time.time() < deadline and not pid.endswith("\\n"):
    try:
        pid = open(sys.argv[3]).read()
    except FileNotFoundError:
        pass
    time.sleep(0.05)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
print(pid.strip())
`;

Deno.test({
  name:
    "exec over tcp: a client's reset kills its command and what it started; the next is not run",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fc_exec_gone_" });
    const { framecat: server, port } = await Framecat.serving(
      "--behavior",
      "exec",
      "--framing",
      "line",
      "--exec-timeout",
      "60",
    );
    await using _ = server;
    let pid: number | undefined;
    try {
      // A child of the shell in its process group, and a second command queued behind it.
      const first = `sleep 30 & echo $! > ${dir}/pid; wait`;
      const second = `touch ${dir}/second`;
      const said = await python(RESETTING_CLIENT, [
        String(port),
        `${first}\n${second}\n`,
        `${dir}/pid`,
      ]);
      pid = Number(said);
      assert.ok(pid > 0, `no pid from the client: ${said}`);
      const messages = await server.waitFor(
        (evs) => {
          const exec = evs.filter((e) => e.event === "info" && e.kind === "exec");
          return exec.length === 2 && exec.map((e) => e.message);
        },
        5_000,
        "both commands' notes",
      );
      assert.deepEqual(messages, [
        `exec "${first}": killed, as its client's connection ended`,
        `exec "${second}": not run, as its client's connection ended`,
      ]);
      for (let i = 0; i < 40 && alive(pid); i++) await sleep(50);
      assert.ok(!alive(pid), `the command's child ${pid} outlived its client`);
      await assert.rejects(Deno.stat(`${dir}/second`), Deno.errors.NotFound);
      assert.equal(server.of("closed")[0]?.reason, "reset");
    } finally {
      if (pid !== undefined && pid > 0 && alive(pid)) Deno.kill(pid, "SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("exec over tcp: a client that shuts its write side (nc -N) still gets its replies", async () => {
  const { framecat: server, port } = await Framecat.serving(
    "--behavior",
    "exec",
    "--framing",
    "line",
  );
  await using _ = server;
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(text("sleep 0.3; echo one\necho two\n"));
  await conn.closeWrite();
  assert.equal(new TextDecoder().decode(await readToEnd(conn)), "one\ntwo\n");
  const closed = await server.waitFor((evs) => evs.find((e) => e.event === "closed"));
  assert.equal(closed.reason, "eof");
});
