/**
 * exec's timeout ends the command and everything it started: a child that
 * escapes with `setsid` and holds the output pipe does not hold the reply,
 * and a background child does not outlive the reply. Each child writes its
 * pid to a file, and /proc says whether it still lives.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { fixture, output } from "./helpers/process.ts";
import { Workspace } from "./helpers/web.ts";
import { ownUid } from "../lib/transport/peer_owner.ts";
import { lineRoundTrip } from "./chaos_helpers.ts";

const TIMEOUT_S = 2;

/** True while `pid` runs (a zombie, dead but not yet reaped, counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

/** Reads the pid a child wrote to `path` (it may take a moment to appear). */
async function pidIn(path: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const text = await Deno.readTextFile(path).catch(() => "");
    if (/^\d+\n/.test(text)) return Number(text.trim());
    await sleep(50);
  }
  throw new Error(`no pid in ${path}`);
}

/** Waits (bounded) until `pid` is gone; false if it still runs after 10 s. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
  return !alive(pid);
}

/** `serve --behavior exec --framing line` on a free loopback port. */
function execServer(...extra: string[]) {
  return Framecat.serving("--behavior", "exec", "--framing", "line", ...extra);
}

/** The same as a process of its own, to be stopped with SIGTERM. */
function execProcess() {
  const args = [
    "serve",
    "127.0.0.1:0",
    "--behavior",
    "exec",
    "--framing",
    "line",
    "--output",
    "json",
  ];
  return Framecat.listening(args, { process: true });
}

Deno.test({
  name: "exec: a setsid child holding the output does not hold the reply past the timeout",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fc10_exec_" });
    const { framecat: server, port } = await execServer("--exec-timeout", `${TIMEOUT_S}`);
    await using _ = server;
    let pid: number | undefined;
    try {
      const started = performance.now();
      const reply = await lineRoundTrip(
        port,
        `setsid sh -c 'echo $$ > ${dir}/pid; exec sleep 21' & echo hi`,
        30_000,
      );
      const seconds = (performance.now() - started) / 1000;
      assert.match(reply ?? "", /^hi/);
      // At the timeout, not when the escaped sleep ends (21 s).
      assert.ok(seconds < 15, `the reply took ${seconds.toFixed(1)} s`);
      pid = await pidIn(`${dir}/pid`);
      assert.ok(await gone(pid), `the setsid child ${pid} survived`);
    } finally {
      if (pid !== undefined && alive(pid)) Deno.kill(pid, "SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "exec: a background child does not outlive the reply",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fc10_exec_" });
    const { framecat: server, port } = await execProcess();
    await using _ = server;
    let pid: number | undefined;
    try {
      const reply = await lineRoundTrip(
        port,
        `sh -c 'echo $$ > ${dir}/pid; exec sleep 23' >/dev/null 2>&1 & sleep 0.2; echo started`,
        30_000,
      );
      assert.match(reply ?? "", /^started/);
      pid = await pidIn(`${dir}/pid`);
      assert.ok(await gone(pid), `the background child ${pid} survived the reply`);
      assert.equal((await server.stop("SIGTERM")).code, 0);
    } finally {
      if (pid !== undefined && alive(pid)) Deno.kill(pid, "SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/**
 * `id -u` sent to an exec server by a python client run as `nobody` (setpriv); its answer.
 * Debian's python3: the one on root's PATH may live where nobody cannot read.
 */
async function idAsNobody(transport: "tcp" | "udp", port: number): Promise<string> {
  const out = await output("setpriv", [
    "--reuid=nobody",
    "--regid=nogroup",
    "--clear-groups",
    "/usr/bin/python3",
    ...fixture("exec_as_client.py", [transport, `${port}`, "id -u"]),
  ]);
  return new TextDecoder().decode(out).trim();
}

for (const transport of ["tcp", "udp"] as const) {
  Deno.test({
    name: `exec over ${transport} refuses a client of another user (nobody), and runs ours`,
    ignore: Deno.build.os !== "linux" || ownUid() !== 0,
    async fn() {
      const at = transport === "udp" ? "udp://127.0.0.1:0" : "127.0.0.1:0";
      const { framecat: server, port } = await Framecat.listening(
        ["serve", at, "--behavior", "exec", "--framing", "line", "--output", "json"],
      );
      await using _ = server;
      assert.equal(await idAsNobody(transport, port), transport === "tcp" ? "closed" : "silent");
      const refused = await server.waitFor((evs) =>
        eventsOf(evs, "error").find((e) => /uid 65534/.test(e.message))
      );
      assert.match(refused.message, /not to ours \(0\); --exec-any-user/);
      assert.ok(!server.of("info").some((e) => /^exec /.test(e.message)));
      if (transport === "tcp") assert.equal(await lineRoundTrip(port, "id -u"), "0");
    },
  });
}

Deno.test({
  name: "exec --exec-any-user says so loudly at start, and then runs nobody's commands as us",
  ignore: Deno.build.os !== "linux" || ownUid() !== 0,
  async fn() {
    const { framecat: server, port } = await execServer("--exec-any-user");
    await using _ = server;
    assert.ok(server.of("info", "warning").some((e) => /--exec-any-user/.test(e.message)));
    assert.equal(await idAsNobody("tcp", port), "0");
  },
});

Deno.test({
  name: "exec started in the web page refuses a client of another user too",
  ignore: Deno.build.os !== "linux" || ownUid() !== 0,
  async fn() {
    await using ws = await Workspace.start();
    const { port } = await ws.listen([
      "serve",
      "tcp://127.0.0.1:0",
      "--behavior",
      "exec",
      "--framing",
      "line",
    ]);
    assert.equal(await idAsNobody("tcp", port), "closed");
    assert.equal(await lineRoundTrip(port, "id -u"), "0");
  },
});
