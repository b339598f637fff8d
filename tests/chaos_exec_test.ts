/**
 * exec's timeout ends the command and everything it started: a child that
 * escapes with `setsid` and holds the output pipe does not hold the reply,
 * and a background child does not outlive the reply. Each child writes its
 * pid to a file, and /proc says whether it still lives.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { Framecat } from "./helpers/cli.ts";
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
    const { framecat: server, port } = await execServer();
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
