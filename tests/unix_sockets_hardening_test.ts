/**
 * Unix socket files, as other users and other servers meet them: exec's file
 * lets only its owner connect whatever the umask; a live socket (a datagram
 * server, a stream server whose backlog is full) is not taken for stale; a
 * server removes its file at exit only while it is still its own; a refused
 * connect names the path to serve on. Real sockets, python3 peers, setpriv.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { fixture, output, PYTHON, startProcess } from "./helpers/process.ts";
import { ownUid } from "../lib/transport/peer_owner.ts";

const J = ["--output", "json"];
const linux = Deno.build.os === "linux";

/** A fresh directory that every user may pass through (a client as nobody must reach its files). */
async function sharedDir(prefix: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix });
  await Deno.chmod(dir, 0o755);
  return dir;
}

async function listening(fc: Framecat): Promise<void> {
  await fc.waitFor((evs) => evs.some((e) => e.event === "listening"), 15_000, "listening");
}

/** `id -u` sent to the exec server at `path` by a python client as uid 65534; its answer. */
async function idAsNobody(path: string, groups: string): Promise<string> {
  const out = await output("setpriv", [
    "--reuid=65534",
    "--regid=65534",
    groups,
    PYTHON,
    ...fixture("unix_peer.py", ["send", path, "id -u"]),
  ]);
  return new TextDecoder().decode(out).trim();
}

for (
  const [umask, groups] of [["002", "--groups=0"], ["000", "--clear-groups"]] as const
) {
  Deno.test({
    name: `exec on a unix socket under umask ${umask}: another user cannot connect (EACCES)`,
    ignore: !linux || ownUid() !== 0,
    async fn() {
      const dir = await sharedDir("fc_unix_exec_");
      const path = `${dir}/exec.sock`;
      try {
        await using server = new Framecat(
          ["serve", `unix:${path}`, "--behavior", "exec", "--framing", "line", ...J],
          { wrap: ["sh", "-c", `umask ${umask} && exec "$@"`, "sh"] },
        );
        await listening(server);
        assert.equal((await Deno.lstat(path)).mode! & 0o777, 0o600);
        assert.equal(await idAsNobody(path, groups), "EACCES");
        // Its owner still runs commands through it.
        const ours = await output(PYTHON, fixture("unix_peer.py", ["send", path, "id -u"]));
        assert.equal(new TextDecoder().decode(ours).trim(), "0");
        assert.equal((await server.stop()).code, 0, server.stderr);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

Deno.test({
  name: "a unix socket other than exec's keeps the umask's mode",
  ignore: !linux,
  async fn() {
    const dir = await sharedDir("fc_unix_mode_");
    const path = `${dir}/echo.sock`;
    try {
      await using server = new Framecat(
        ["serve", `unix:${path}`, ...J],
        { wrap: ["sh", "-c", 'umask 022 && exec "$@"', "sh"] },
      );
      await listening(server);
      assert.equal((await Deno.lstat(path)).mode! & 0o777, 0o755);
      assert.equal((await server.stop()).code, 0, server.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

for (
  const [peer, why] of [
    ["dgram", "a datagram server (EPROTOTYPE)"],
    ["full", "a stream server whose backlog is full (EAGAIN)"],
  ] as const
) {
  Deno.test({
    name: `serve on a unix path held by ${why}: address in use, the file left alone`,
    ignore: !linux,
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "fc_unix_live_" });
      const path = `${dir}/live.sock`;
      try {
        await using _peer = await startProcess(
          PYTHON,
          fixture("unix_peer.py", [peer, path]),
          30_000,
        );
        const before = await Deno.lstat(path);
        // Without the fix it deletes the file and serves on: ended after a while, it fails.
        const r = await runFramecat(["serve", `unix:${path}`], { timeoutMs: 10_000 });
        assert.notEqual(r.code, 0);
        assert.equal(
          r.stderr,
          `framecat: Cannot listen on unix:${path}: Address already in use; ` +
            "another server is listening on that socket file; pick another path, or stop that server\n",
        );
        const after = await Deno.lstat(path);
        assert.ok(after.isSocket);
        assert.equal(after.ino, before.ino, "the live server's socket file was replaced");
        assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["live.sock"]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

/** Each server that listens on a unix path: its command line on `path`. */
const SERVERS: Array<[string, (path: string, dir: string) => string[]]> = [
  ["serve", (path) => ["serve", `unix:${path}`, ...J]],
  ["sink", (path) => ["sink", `unix:${path}`, ...J]],
  ["relay", (path, dir) => ["relay", `unix:${path}`, `unix:${dir}/target.sock`, ...J]],
];

for (const [name, argv] of SERVERS) {
  Deno.test({
    name: `${name} stopping leaves alone the socket file of another server on its path`,
    ignore: Deno.build.os === "windows",
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "fc_unix_exit_" });
      const path = `${dir}/s.sock`;
      try {
        await using a = new Framecat(argv(path, dir));
        await listening(a);
        await Deno.remove(path);
        await using b = new Framecat(argv(path, dir));
        await listening(b);
        const theirs = await Deno.lstat(path);
        assert.equal((await a.stop()).code, 0, a.stderr);
        const left = await Deno.lstat(path);
        assert.ok(left.isSocket && left.ino === theirs.ino, "A removed B's socket file");
        (await Deno.connect({ transport: "unix", path })).close();
        if (name === "serve") {
          // A unix connection's own address is the path, not the name the socket was bound under.
          const connected = await b.waitFor((evs) =>
            evs.find((e) => e.event === "connected" && "local" in e)
          );
          assert.equal("local" in connected && connected.local, path);
        }
        assert.equal((await b.stop()).code, 0, b.stderr);
        // B made this one: it removes it, and leaves nothing else behind.
        assert.deepEqual([...Deno.readDirSync(dir)], []);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

/** A socket file no server is behind: bound by python, which exits without removing it. */
async function staleSocket(path: string): Promise<void> {
  await output(PYTHON, [
    "-c",
    "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])",
    path,
  ]);
}

Deno.test({
  name: "connect to a stale unix socket: refused, and the hint serves on that path",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fc_unix_hint_" });
    const path = `${dir}/stale.sock`;
    try {
      await staleSocket(path);
      const en = await runFramecat(["connect", `unix:${path}`]);
      assert.notEqual(en.code, 0);
      assert.equal(
        en.stderr,
        `framecat: Cannot connect to unix:${path}: Connection refused; ` +
          "no server is listening on that socket file (one that was killed left it?); " +
          `start one with: framecat serve unix:${path}\n`,
      );
      const zh = await runFramecat(["connect", `unix:${path}`, "--lang", "zh"]);
      assert.equal(
        zh.stderr,
        `framecat: 无法连接到 unix:${path}：连接被拒绝；` +
          "没有服务端在监听这个套接字文件（可能是被杀掉的服务端留下的）；" +
          `可以这样启动一个：framecat serve unix:${path}\n`,
      );
      // And the command the hint gives does start a server there (the stale file replaced).
      await using server = new Framecat(["serve", `unix:${path}`, ...J]);
      await listening(server);
      assert.equal((await server.stop()).code, 0, server.stderr);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "connect to a unix path that is a regular file: it says so, and suggests no server there",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fc_unix_hint_" });
    const path = `${dir}/notes.txt`;
    try {
      await Deno.writeTextFile(path, "not a socket\n");
      const r = await runFramecat(["connect", `unix:${path}`]);
      assert.notEqual(r.code, 0);
      assert.equal(
        r.stderr,
        `framecat: Cannot connect to unix:${path}: it is a file, not a socket; ` +
          "check the path: no server is listening there\n",
      );
      assert.equal(await Deno.readTextFile(path), "not a socket\n");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "a unix path with nothing there: connect says no server made it, listen names the missing folder",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fc_unix_hint_" });
    try {
      const connect = await runFramecat(["connect", `unix:${dir}/none.sock`]);
      assert.equal(connect.code, 1);
      assert.equal(
        connect.stderr,
        `framecat: Cannot connect to unix:${dir}/none.sock: No such file or directory; ` +
          `no server has made that socket file; start one with: framecat serve unix:${dir}/none.sock, or check the path\n`,
      );
      const listen = await runFramecat(["serve", `unix:${dir}/no/such/s.sock`]);
      assert.equal(listen.code, 1);
      assert.equal(
        listen.stderr,
        `framecat: Cannot listen on unix:${dir}/no/such/s.sock: No such file or directory; ` +
          `the folder ${dir}/no/such does not exist; create it, or pick a path in a folder that does\n`,
      );
      assert.doesNotMatch(connect.stderr + listen.stderr, /host/);
      assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing was made");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test(
  "unix: a client names the server by the path it was given, not the socket's own bound name",
  {
    ignore: !linux,
  },
  async () => {
    const dir = await sharedDir("fc-unix-name-");
    const path = `${dir}/named.sock`;
    try {
      await using server = new Framecat(["serve", `unix:${path}`, ...J]);
      await listening(server);
      const client = await runFramecat(["connect", `unix:${path}`, "--send", "hi", ...J]);
      assert.equal(client.code, 0, client.stderr);
      const peers = client.events.filter((e) => e.peer !== undefined).map((e) => e.peer);
      assert.ok(peers.length > 0 && peers.every((p) => p === path), JSON.stringify(peers));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
