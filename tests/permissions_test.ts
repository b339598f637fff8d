/**
 * framecat never stops on a missing permission. Every command and mode
 * (UDP, multicast, unix, TLS, exec, time, chat, save, relay, flood and sink,
 * the demos in both languages, the web workspace and its sessions) runs as a
 * process with the one permission set it ships with (deno.json's
 * `permissions.default`, as `-P`), and two things are checked:
 *
 * - nothing it printed says `internal error`, `NotCapable` or `Requires … access`;
 * - every permission Deno checked, as its audit log (`DENO_AUDIT_PERMISSIONS`)
 *   records it, is one the set grants, and one the README's permission table
 *   says framecat uses (the set is `all`, so the second is what can fail: a new
 *   variable read, a new file under /proc, is a use nobody wrote down). The log
 *   also holds the checks whose refusal the code swallows (a `catch {}` around a
 *   read of /proc), which no output shows.
 *
 * These stay processes (never in-process): the permissions are the point.
 * Most modes run as sessions of one `framecat web` (in its process, with its
 * permissions, as the page starts them): one process to start, not forty.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat, type RunResult } from "./helpers/cli.ts";
import { Workspace } from "./helpers/web.ts";
import { framecatPermissions } from "../scripts/permission_flags.ts";

const J = ["--output", "json"];
const FAILURE = /internal error|NotCapable|Requires \w+ access/;

/** Files Deno lets a program read or write only with `all` (even `--allow-read=/proc` is refused). */
const ALL_ONLY = /^\/(proc|sys)(\/|$)/;

/** Whether the shipped set grants `kind` for `value` (true: all; a list: those named). */
function granted(kind: string, value: string | null): boolean {
  const set = framecatPermissions() as Record<string, unknown>;
  if (set.all === true) return true;
  if ((kind === "read" || kind === "write") && ALL_ONLY.test(value ?? "")) return false;
  const grant = set[kind];
  if (grant === true) return true;
  return Array.isArray(grant) && value !== null && grant.includes(value);
}

/** The README's permission table, as rules: the names and files it says framecat uses. */
const DOCUMENTED_ENV = new Set([
  "LANG",
  "LC_ALL",
  "LC_MESSAGES",
  "NO_COLOR",
  "FRAMECAT_FAKE_NOW",
  // npm `ws` (the web workspace's WebSocket server) asks whether to load its native helper.
  "WS_NO_BUFFER_UTIL",
]);
const DOCUMENTED_FILES = [
  /^\/etc\/ssl\//, // the system's CA bundle
  /^\/usr\/share\/zoneinfo\//, // time's %Z
  /^\/proc$/, // exec: the processes that left their group,
  /^\/proc\/\d+\/environ$/, // found by a mark in their environment
  /^\/proc\/net\/tcp6?$/, // exec: who owns a client's socket
  /^\/proc\/self\/status$/, // exec: our own uid, to compare with it
  /^\/proc\/self\/(limits|fd)$/, // the relay's descriptor guard; flood's socket
  /^\/proc\/sys\/net\/core\/rmem_default$/, // the udp-loss demo
  /^\/sys\/class\/net\/[^/]+\/ifindex$/, // IPv6 multicast's interface index
];
const PAGE_FILES = new URL("../lib/web/page/", import.meta.url).pathname;
const DOCUMENTED_SYS = new Set(["networkInterfaces", "hostname"]);

/**
 * Whether the README's table says framecat uses `kind` for `value`; `named` is the folder
 * of the files this test names (what the table calls "the files you name").
 */
function documented(kind: string, value: string | null, named: string): boolean {
  const v = value ?? "";
  switch (kind) {
    case "net":
      return true; // every endpoint you name
    case "read":
    case "write":
      return v.startsWith(`${named}/`) || v.startsWith(PAGE_FILES) ||
        DOCUMENTED_FILES.some((file) => file.test(v));
    case "run":
      return ["sh", "cmd", "taskkill"].includes(v);
    case "env":
      return DOCUMENTED_ENV.has(v);
    case "sys":
      return DOCUMENTED_SYS.has(v);
    case "ffi":
      // libc, and Deno.UnsafePointer (the addresses in a flood's batch), which names none
      return /^libc\.so/.test(v) || value === null;
    default:
      return false;
  }
}

/** Hands each framecat its own audit log, and checks them all at the end. */
class Audit implements AsyncDisposable {
  readonly #dir = Deno.makeTempDirSync({ prefix: "fc19-audit-" });
  readonly dir = Deno.makeTempDirSync({ prefix: "fc19-walk-" });
  readonly #outputs: Array<{ what: string; text: () => string }> = [];
  #count = 0;

  /** The environment of one more audited framecat. */
  env(): Record<string, string> {
    return { DENO_AUDIT_PERMISSIONS: `${this.#dir}/${++this.#count}.jsonl` };
  }

  async run(args: string[], stdin?: string): Promise<RunResult> {
    const result = await runFramecat(args, { env: this.env(), stdin, timeoutMs: 20_000 });
    this.#outputs.push({ what: args.join(" "), text: () => result.stdout + result.stderr });
    return result;
  }

  /** A long-running framecat (killed by its own `await using`); its port. */
  async listen(args: string[]): Promise<{ framecat: Framecat; port: number }> {
    const started = await Framecat.listening([...args, ...J], { env: this.env() });
    this.watch(args.join(" "), started.framecat);
    return started;
  }

  watch(what: string, framecat: Framecat): void {
    this.#outputs.push({ what, text: () => JSON.stringify(framecat.events) + framecat.stderr });
  }

  /** Every output clean, every audited permission granted. */
  check(): void {
    for (const { what, text } of this.#outputs) {
      assert.doesNotMatch(text(), FAILURE, `framecat ${what}`);
    }
    const refused = new Set<string>();
    const undocumented = new Set<string>();
    let checks = 0;
    for (const entry of Deno.readDirSync(this.#dir)) {
      for (const line of Deno.readTextFileSync(`${this.#dir}/${entry.name}`).split("\n")) {
        if (line === "") continue;
        const { permission, value } = JSON.parse(line);
        checks++;
        if (!granted(permission, value)) refused.add(`${permission} ${value}`);
        if (!documented(permission, value, this.dir)) undocumented.add(`${permission} ${value}`);
      }
    }
    assert.ok(checks > 0, "the audit log recorded the permission checks");
    assert.deepEqual([...refused], [], "permissions framecat asked for beyond its set");
    assert.deepEqual(
      [...undocumented],
      [],
      "permissions framecat used that the README does not name",
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Deno.remove(this.#dir, { recursive: true });
    await Deno.remove(this.dir, { recursive: true });
  }
}

const expectOk = (result: RunResult, what: string) =>
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);

/** The README's UDP quick start, as processes: the datagram arrives cut, the client does not crash. */
async function udpQuickStart(audit: Audit) {
  const { framecat: server, port } = await audit.listen([
    "serve",
    "udp://127.0.0.1:0",
    "--read-size",
    "512",
  ]);
  await using _ = server;
  const client = await audit.run(["connect", `udp://${port}`, "--send", "x".repeat(1400)]);
  expectOk(client, "the UDP client");
  await server.waitFor(
    (evs) => evs.some((e) => e.event === "read" && e.truncated),
    5_000,
    "the cut datagram",
  );
}

/** Every demo in both languages, the schema and the help, as processes. */
async function demosAndHelp(audit: Audit) {
  for (const lang of ["en", "zh"]) {
    expectOk(await audit.run(["demo", "all", "--lang", lang]), `demo all --lang ${lang}`);
  }
  for (const args of [["schema"], ["serve", "--help"]]) {
    expectOk(await audit.run(args), args.join(" "));
  }
}

/** Sessions of one workspace: servers listen, clients run to their end with exit 0. */
class Sessions {
  constructor(readonly ws: Workspace) {}

  /**
   * One API call on a connection of its own. Since the page's server runs on
   * node:http, concurrent requests on kept-alive connections sometimes fail
   * with "connection closed before message completed" while sessions run
   * (reported apart; never with `Connection: close`), which this test is not about.
   */
  // deno-lint-ignore no-explicit-any
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.ws.base + path, {
      method,
      headers: { authorization: `Bearer ${this.ws.token}`, connection: "close" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  // deno-lint-ignore no-explicit-any
  async session(id: string): Promise<any> {
    return (await this.call("GET", `/api/sessions/${id}`)).body;
  }

  /** Starts a listener; its port (a unix socket has none). */
  async serve(argv: string[]): Promise<number | undefined> {
    const { status, body } = await this.call("POST", "/api/sessions", { argv });
    assert.equal(status, 201, `${argv.join(" ")}: ${JSON.stringify(body)}`);
    const session = await this.#until(argv, body.id, (session) => session.address !== undefined);
    return session.port;
  }

  /** Runs a command to its end: exit 0. */
  async run(argv: string[]): Promise<void> {
    const { status, body } = await this.call("POST", "/api/sessions", { argv });
    assert.equal(status, 201, `${argv.join(" ")}: ${JSON.stringify(body)}`);
    const ended = await this.#until(argv, body.id, (session) => session.state !== "running");
    assert.equal(ended.exit_code, 0, `${argv.join(" ")}: ${JSON.stringify(ended)}`);
  }

  // deno-lint-ignore no-explicit-any
  async #until(argv: string[], id: string, done: (session: any) => boolean) {
    try {
      return await this.ws.until(async () => {
        const session = await this.session(id);
        return done(session) || session.state === "failed" ? session : undefined;
      });
    } catch (err) {
      const session = JSON.stringify(await this.session(id));
      throw new Error(`${argv.join(" ")}: ${(err as Error).message}: ${session}`);
    }
  }
}

const ask = (port: number | string | undefined, ...args: string[]) => [
  "connect",
  `${port}`,
  ...args,
  "--send",
  "hi",
  "--expect",
  "1",
];

/** TCP with len framing, a unix socket, and the time, chat, exec and save behaviours. */
async function behaviours(s: Sessions, dir: string) {
  const len = await s.serve(["serve", "127.0.0.1:0", "--framing", "len"]);
  await s.run(ask(len, "--framing", "len"));
  await s.serve(["serve", `unix:${dir}/s.sock`]);
  await s.run(ask(`unix:${dir}/s.sock`));
  const time = await s.serve(["serve", "udp://127.0.0.1:0", "--behavior", "time"]);
  await s.run(["connect", `udp://127.0.0.1:${time}`, "--send", "%c %Z", "--expect", "1"]);
  const chat = await s.serve(["serve", "udp://127.0.0.1:0", "--behavior", "chat"]);
  await s.run(ask(`udp://127.0.0.1:${chat}`, "--heartbeat", "1"));
  // The timeout kills the command's group and what it left running (Deno.kill).
  const exec = await s.serve([
    "serve",
    "127.0.0.1:0",
    "--behavior",
    "exec",
    "--exec-timeout",
    "1",
  ]);
  await s.run(["connect", `${exec}`, "--send", "sleep 30 & sleep 30", "--expect", "1"]);
  await Deno.writeTextFile(`${dir}/note.txt`, "a file\n");
  const save = await s.serve(["serve", "127.0.0.1:0", "--behavior", "save", "--dir", `${dir}/in`]);
  await s.run(["connect", `${save}`, "--framing", "json", "--send-file", `${dir}/note.txt`]);
  assert.equal(await Deno.readTextFile(`${dir}/in/note.txt`), "a file\n");
}

/** TLS: the throw-away CA (for a wildcard bind, named after this host and its addresses). */
async function tls(s: Sessions, dir: string) {
  const tls = await s.serve(["serve", "tls://127.0.0.1:0", "--ca-out", `${dir}/ca.pem`]);
  await s.run(ask(`tls://localhost:${tls}`, "--ca", `${dir}/ca.pem`));
  await s.run(ask(`tls://127.0.0.1:${tls}`, "--insecure"));
  await s.serve(["serve", "tls://0.0.0.0:0"]);
}

/** A group on loopback, and the UDP client and server that once crashed. */
async function udp(s: Sessions) {
  const group = "239.255.19.1";
  const member = await s.serve(["serve", `udp://${group}:0`, "--iface", "127.0.0.1"]);
  await s.run(ask(`udp://${group}:${member}`, "--iface", "127.0.0.1"));
  const echo = await s.serve(["serve", "udp://127.0.0.1:0"]);
  await s.run(ask(`udp://127.0.0.1:${echo}`));
  await s.run(["flood", `udp://127.0.0.1:${echo}`, "--rtt", "--count", "20", "--rate", "200"]);
}

/** The relay (TCP, node:net's for --reset-after, UDP, TLS), and flood → sink. */
async function relayAndTraffic(s: Sessions) {
  const echo = await s.serve(["serve", "127.0.0.1:0"]);
  const udpEcho = await s.serve(["serve", "udp://127.0.0.1:0"]);
  const relays: Array<[string, string[]]> = [
    ["tcp", ["127.0.0.1:0", `127.0.0.1:${echo}`, "--slice", "1-3"]],
    ["tcp", ["127.0.0.1:0", `127.0.0.1:${echo}`, "--reset-after", "100000"]],
    ["udp", ["udp://127.0.0.1:0", `udp://127.0.0.1:${udpEcho}`, "--dup", "10"]],
    ["tls", ["tls://127.0.0.1:0", `tcp://127.0.0.1:${echo}`]],
  ];
  for (const [scheme, args] of relays) {
    const via = await s.serve(["relay", ...args]);
    await s.run(ask(`${scheme}://127.0.0.1:${via}`, ...(scheme === "tls" ? ["--insecure"] : [])));
  }
  for (const scheme of ["udp", "tcp"]) {
    const sink = await s.serve(["sink", `${scheme}://127.0.0.1:0`]);
    await s.run(["flood", `${scheme}://127.0.0.1:${sink}`, "--count", "20", "--size", "1000"]);
  }
}

/** The web workspace, its page, and every other mode as its sessions. */
async function workspace(audit: Audit) {
  await using ws = await Workspace.start([], { env: audit.env() });
  audit.watch("web", ws.framecat);
  const page = await fetch(ws.url);
  assert.equal(page.status, 200);
  await page.body?.cancel();
  const s = new Sessions(ws);
  await Promise.all([behaviours(s, audit.dir), tls(s, audit.dir), udp(s), relayAndTraffic(s)]);
  const { body: sessions } = await s.call("GET", "/api/sessions");
  for (const session of sessions) {
    assert.notEqual(session.state, "failed", JSON.stringify(session));
  }
}

Deno.test("permissions: every command and mode runs with the shipped set, and asks nothing more", async () => {
  await using audit = new Audit();
  // Settled, not raced: each walk stops its own processes before the test ends.
  const walks = [udpQuickStart, demosAndHelp, workspace].map((walk) => walk(audit));
  for (const result of await Promise.allSettled(walks)) {
    if (result.status === "rejected") throw result.reason;
  }
  audit.check();
});
