/** SIGHUP (a closed terminal, a session ending) stops a server as SIGTERM does: cleanly. */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { J } from "./chaos_helpers.ts";
import { runProcess } from "./helpers/process.ts";

Deno.test({
  name: "SIGHUP stops serve like SIGTERM: exit 0, final stats, the unix socket file removed",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fc10_hup_" });
    const path = `${dir}/s.sock`;
    try {
      const server = new Framecat(["serve", `unix:${path}`, ...J], { process: true });
      await server.waitFor((evs) => evs.some((e) => e.event === "listening"));
      assert.ok((await Deno.lstat(path)).isSocket);
      const status = await server.stop("SIGHUP");
      assert.equal(status.code, 0, server.stderr);
      assert.equal(server.of("stats").length, 1);
      await assert.rejects(() => Deno.lstat(path), Deno.errors.NotFound);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const STOP_AFTER_COMMAND = new URL("./fixtures/stop_after_command.ts", import.meta.url).pathname;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test({
    name: `a ${signal} that comes after the command stopped listening (finishing) ` +
      "is let pass: the held output is written, exit 0",
    ignore: Deno.build.os === "windows",
    async fn() {
      const result = await runProcess(Deno.execPath(), [
        ...["run", "--quiet", "-P", STOP_AFTER_COMMAND, "1", signal],
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        new TextDecoder().decode(result.stdout),
        "held output\nafter signal 1\nfinished\n",
      );
    },
  });
}

Deno.test({
  name: "a second Ctrl-C while a command finishes exits at once, 130, as one that insists expects",
  ignore: Deno.build.os === "windows",
  async fn() {
    const result = await runProcess(Deno.execPath(), [
      "run",
      "--quiet",
      "-P",
      STOP_AFTER_COMMAND,
      "2",
    ]);
    assert.equal(result.code, 130, result.stderr);
    // It lived through the first (let pass), not the second.
    assert.equal(new TextDecoder().decode(result.stdout), "held output\nafter signal 1\n");
  },
});

Deno.test({
  name: "a second Ctrl-C while a command stops (its handler called) exits at once, 130",
  ignore: Deno.build.os === "windows",
  async fn() {
    const result = await runProcess(Deno.execPath(), [
      ...["run", "--quiet", "-P", STOP_AFTER_COMMAND, "2", "SIGINT", "handled"],
    ]);
    assert.equal(result.code, 130, result.stderr);
    const out = new TextDecoder().decode(result.stdout);
    assert.match(out, /stopping\n/);
    assert.match(out, /after signal 1\n/);
    assert.doesNotMatch(out, /after signal 2|finished/);
  },
});
