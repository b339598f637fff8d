/**
 * --ca-out in a directory another local user can write to (/tmp): what that
 * user planted at the path (a symlink to a file of ours, a file of their own)
 * is replaced, never written through, and the CA is a new file of ours.
 */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { output } from "./helpers/process.ts";
import { ownUid } from "../lib/transport/peer_owner.ts";

const NOBODY = 65534;

/** Runs `cmd` as nobody (setpriv), as a hostile local user would. */
function asNobody(...cmd: string[]): Promise<Uint8Array> {
  return output("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", ...cmd]);
}

/** A directory anyone may write to, as /tmp is (mode 1777). */
async function sharedDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "fc_ca_out_" });
  await Deno.chmod(dir, 0o1777);
  return dir;
}

/** A TLS server that writes its CA to `path`, until it listens. */
async function serveWritingCa(path: string): Promise<void> {
  const { framecat } = await Framecat.listening(
    ["serve", "tls://127.0.0.1:0", "--ca-out", path, "--output", "json"],
    { process: true },
  );
  await framecat.stop();
}

Deno.test({
  name: "--ca-out replaces a symlink planted by nobody, and the file it pointed at is untouched",
  ignore: Deno.build.os !== "linux" || ownUid() !== 0,
  async fn() {
    const dir = await sharedDir();
    try {
      const secret = `${dir}/secret`;
      await Deno.writeTextFile(secret, "root's own\n", { mode: 0o600 });
      await asNobody("ln", "-s", secret, `${dir}/ca.pem`);
      await serveWritingCa(`${dir}/ca.pem`);
      assert.equal(await Deno.readTextFile(secret), "root's own\n");
      assert.equal((await Deno.stat(secret)).mode! & 0o777, 0o600);
      const ca = await Deno.lstat(`${dir}/ca.pem`);
      assert.ok(ca.isFile, "a file, not the symlink");
      assert.deepEqual([ca.uid, ca.mode! & 0o777], [0, 0o644]);
      assert.match(await Deno.readTextFile(`${dir}/ca.pem`), /^-----BEGIN CERTIFICATE-----/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "--ca-out over a file nobody made first gives a new file of ours, not nobody's",
  ignore: Deno.build.os !== "linux" || ownUid() !== 0,
  async fn() {
    const dir = await sharedDir();
    try {
      await asNobody("sh", "-c", `umask 0; echo planted > ${dir}/ca.pem`);
      assert.equal((await Deno.stat(`${dir}/ca.pem`)).uid, NOBODY);
      await serveWritingCa(`${dir}/ca.pem`);
      const ca = await Deno.lstat(`${dir}/ca.pem`);
      assert.deepEqual([ca.uid, ca.mode! & 0o777], [0, 0o644], "nobody may not change our CA");
      assert.equal([...Deno.readDirSync(dir)].length, 1, "no temporary file left");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
