/**
 * scripts/setup.sh puts a `framecat` command on the PATH: from a folder
 * outside the repository it runs, takes nc's and socat's spellings, and
 * resolves relative paths against the user's folder. Installed into
 * temporary folders (DENO_INSTALL_ROOT, FRAMECAT_LINK_DIR), so the machine's
 * own install is left alone. It runs with the permissions deno.json's set
 * grants, and no other: a UDP client, which needs the network interfaces, works.
 */
import assert from "node:assert/strict";
import { readToEnd, udpSocket } from "./helpers/net.ts";
import { runProcess } from "./helpers/process.ts";
import {
  framecatPermissions,
  framecatV8Flags,
  permissionFlags,
} from "../scripts/permission_flags.ts";

const SETUP = new URL("../scripts/setup.sh", import.meta.url).pathname;

/** What a server received from `framecat …args` run in `cwd` (the command half-closes). */
async function receivedFrom(run: (port: number) => Promise<{ code: number; stderr: string }>) {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept().then(async (conn) => {
    try {
      return new TextDecoder().decode(await readToEnd(conn));
    } finally {
      conn.close();
    }
  });
  const result = await run(listener.addr.port);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /Task/, "no task banner");
  return await accepted;
}

Deno.test("setup: framecat on the PATH runs from any folder, nc and socat style", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "fc11" });
  try {
    const env = {
      DENO_INSTALL_ROOT: `${tmp}/deno`,
      FRAMECAT_LINK_DIR: `${tmp}/bin`,
      // deno's bin folder is not on this PATH: setup must link framecat where the PATH looks.
      PATH: `${tmp}/bin:${Deno.env.get("PATH")}`,
    };
    const setup = await runProcess("bash", [SETUP], { env, timeoutMs: 300_000 });
    assert.equal(setup.code, 0, setup.stderr);
    const home = `${tmp}/user`;
    await Deno.mkdir(home);
    await Deno.writeTextFile(`${home}/note.txt`, "from the user's own folder\n");
    const framecat = (args: string[]) =>
      runProcess("sh", ["-c", `cd "${home}" && framecat "$@"`, "sh", ...args], { env });

    const version = await framecat(["--version"]);
    assert.equal(version.code, 0, version.stderr);
    assert.match(new TextDecoder().decode(version.stdout), /^\d+\.\d+\.\d+/);

    const wait = ["--half-close", "--wait", "0"];
    assert.equal(
      await receivedFrom((port) =>
        framecat(["connect", "127.0.0.1", `${port}`, "--send", "a", ...wait])
      ),
      "a",
    );
    assert.equal(
      await receivedFrom((port) =>
        framecat(["connect", `TCP:127.0.0.1:${port}`, "--send", "b", ...wait])
      ),
      "b",
    );
    assert.equal(
      await receivedFrom((port) =>
        framecat(["connect", `${port}`, "--send-file", "note.txt", ...wait])
      ),
      "from the user's own folder\n",
    );

    // The shipped permissions are the set in deno.json, spelled out (deno install drops -P):
    // a UDP client asks for the network interfaces, and once crashed without them.
    const shim = await Deno.readTextFile(`${tmp}/deno/bin/framecat`);
    for (const flag of permissionFlags(framecatPermissions())) assert.ok(shim.includes(flag), flag);
    // …and the V8 flags of the start task, as the compiled binaries have them.
    assert.ok(framecatV8Flags().length > 0);
    for (const flag of framecatV8Flags()) assert.ok(shim.includes(flag), flag);
    using udp = udpSocket();
    const port = (udp.addr as Deno.NetAddr).port;
    const client = await framecat([
      "connect",
      `udp://127.0.0.1:${port}`,
      "--send",
      "hi",
      "--wait",
      "0",
    ]);
    assert.equal(client.code, 0, client.stderr);
    assert.doesNotMatch(client.stderr, /internal error|NotCapable/);
    // It was sent before the client exited, so it waits in the socket's buffer.
    const [datagram] = await udp.receive();
    assert.equal(new TextDecoder().decode(datagram), "hi");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("every task that runs or compiles framecat has the one permission set and the start task's V8 flags", async () => {
  const { tasks } = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const runs = Object.entries(tasks as Record<string, string | { command?: string }>)
    .map(([name, task]) => [name, typeof task === "string" ? task : task.command ?? ""] as const)
    .filter(([, command]) => /^deno (run|compile)\b.*\bmain\.ts\b/.test(command));
  assert.deepEqual(
    runs.map(([name]) => name).sort(),
    [
      "compile:linux-arm64",
      "compile:linux-x64",
      "compile:macos-arm64",
      "compile:macos-x64",
      "compile:windows-x64",
      "start",
    ],
  );
  for (const [name, command] of runs) {
    const words = command.split(/\s+/);
    assert.ok(words.includes("-P"), `${name}: -P`);
    for (const flag of framecatV8Flags()) assert.ok(words.includes(flag), `${name}: ${flag}`);
  }
});
