/** SIGHUP (a closed terminal, a session ending) stops a server as SIGTERM does: cleanly. */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { J } from "./chaos_helpers.ts";

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
