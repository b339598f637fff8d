/**
 * The smoke suite: every command line README.md shows, run as a user runs it,
 * through the installed `framecat`, from a folder outside the repository,
 * with the peers the README pairs it with (real nc, socat, openssl, curl,
 * python3 where it names them). The commands come from README.md itself
 * (tests/helpers/readme_scenarios.ts reads them and its `<!-- smoke -->`
 * markers), so a README command that stops working fails here.
 *
 * Which framecat: this checkout's, installed by scripts/setup.sh into a
 * temporary DENO_INSTALL_ROOT exactly as CI's set-up installs it (the
 * `framecat` already on the PATH may be another checkout's). Each scenario
 * runs in a network namespace of its own (a loopback of its own, so the
 * README's fixed ports 9000, 8443… are free and scenarios run side by side,
 * and `host`, `HOST` and `example.com` name 127.0.0.1 there), with /tmp bound
 * to a fresh folder that is also its working folder. Every command is bounded
 * in time. `SMOKE_ONLY=REGEX` runs only the scenarios whose names match.
 */
import assert from "node:assert/strict";
import { runProcess } from "./helpers/process.ts";
import { readmeScenarios, type Scenario } from "./helpers/readme_scenarios.ts";

const README = new URL("../README.md", import.meta.url);
const SETUP = new URL("../scripts/setup.sh", import.meta.url).pathname;
/** A command that has not ended by then is killed, and fails. */
const STEP_TIMEOUT_MS = 20_000;
/** How long a background command may take to listen. */
const LISTEN_TIMEOUT_MS = 10_000;
/** How long a server may take to show what the README says it shows. */
const EXPECT_TIMEOUT_MS = 10_000;
/** How long a Ctrl-C'd command may take to end before it is killed. */
const STOP_TIMEOUT_MS = 5_000;
/** The TCP tables are read again at least this often while a scenario waits for a listener. */
const TCP_RECOUNT_MS = 500;
/** Scenarios at once (each is a few processes). */
const PARALLEL = 6;
/** Names the README's commands use for "a machine over there": here, this one. */
const HOSTS = "127.0.0.1 localhost host HOST example.com api.internal TEACHER-IP\n::1 localhost\n";
const CRASH = /internal error|NotCapable|Uncaught|panicked|Requires \w+ access/;

Deno.test("README: every framecat command it shows is claimed by a smoke marker", async () => {
  const { scenarios, unclaimed } = readmeScenarios(await Deno.readTextFile(README));
  assert.deepEqual(unclaimed, [], "mark each with <!-- smoke … --> (see readme_scenarios.ts)");
  assert.ok(scenarios.length > 10, "the README's scenarios were found");
});

Deno.test("README: every command it shows works, through the installed framecat", async () => {
  const { scenarios } = readmeScenarios(await Deno.readTextFile(README));
  const root = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "fc19-smoke-" });
  try {
    const bin = await install(root);
    const only = new RegExp(Deno.env.get("SMOKE_ONLY") ?? "");
    const runnable = scenarios.filter((s) =>
      s.skip === undefined && s.steps.length + s.clients.length > 0 && only.test(s.name)
    );
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < runnable.length) {
          const index = next++;
          failures.push(...await runScenario(runnable[index], index, root, bin));
        }
      }),
    );
    assert.deepEqual(failures, [], "README commands that failed");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/** Installs this checkout's framecat as scripts/setup.sh does; the folder it is in. */
async function install(root: string): Promise<string> {
  const env = {
    DENO_INSTALL_ROOT: `${root}/deno`,
    FRAMECAT_LINK_DIR: `${root}/bin`,
    PATH: `${root}/bin:${Deno.env.get("PATH")}`,
  };
  const setup = await runProcess("bash", [SETUP], { env, timeoutMs: 300_000 });
  assert.equal(setup.code, 0, setup.stderr);
  return `${root}/bin`;
}

/** One command of a scenario, running in its namespace; its output as it comes. */
class Run {
  readonly child: Deno.ChildProcess;
  /** stdout and stderr so far, in the order they came. */
  text = "";
  /** Resolves with the exit code. */
  readonly code: Promise<number>;
  readonly #started = Promise.withResolvers<void>();

  /** Starts `command` with bash in `ns`, /tmp bound to `dir` (its working folder too). */
  constructor(readonly what: string, ns: string, dir: string, bin: string, stdin?: string) {
    this.child = new Deno.Command("ip", {
      args: ["netns", "exec", ns, "sh", "-c", MOUNT_AND_RUN, dir, what],
      env: { PATH: `${bin}:${Deno.env.get("PATH")}`, NO_COLOR: "1" },
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      // A process group of its own: Ctrl-C reaches everything the shell started.
      detached: true,
    }).spawn();
    if (stdin !== undefined) {
      const writer = this.child.stdin.getWriter();
      writer.write(new TextEncoder().encode(stdin)).then(() => writer.close()).catch(() => {});
    }
    const read = (stream: ReadableStream<Uint8Array<ArrayBuffer>>) =>
      stream.pipeThrough(new TextDecoderStream()).pipeTo(
        new WritableStream({
          write: (chunk) => {
            this.text += chunk;
            this.#started.resolve();
          },
        }),
      );
    this.code = Promise.all([read(this.child.stdout), read(this.child.stderr)])
      .then(() => this.child.status).then((status) => status.code);
  }

  /** Resolves at its first output. */
  get started(): Promise<void> {
    return this.#started.promise;
  }

  /** Sends `signal` to its process group (it may be gone). */
  signal(signal: Deno.Signal): void {
    try {
      Deno.kill(-this.child.pid, signal);
    } catch { /* already ended */ }
  }

  /** Its exit code once it has ended; undefined while it runs. */
  ended(): Promise<number | undefined> {
    return Promise.race([this.code, Promise.resolve(undefined)]);
  }
}

/** Binds /tmp to the scenario's folder, goes there, and runs the command ($1) with bash. */
const MOUNT_AND_RUN = 'mount --bind "$0" /tmp && cd /tmp && exec bash -c "$1"';

/** Runs one scenario; what went wrong, one entry per failure. */
async function runScenario(
  scenario: Scenario,
  index: number,
  root: string,
  bin: string,
): Promise<string[]> {
  const ns = `fc19s-${Deno.pid}-${index}`;
  const dir = await Deno.makeTempDir({ dir: root, prefix: "scenario-" });
  const failures: string[] = [];
  const fail = (what: string, why: string, text = "") =>
    failures.push(`${scenario.name} (README line ${scenario.line}): ${what}: ${why}${tail(text)}`);
  /** Every command started, by its number in the scenario (peers and the rest: none). */
  const runs: Array<{ run: Run; step?: number }> = [];
  const running: Run[] = [];
  const start = (command: string, stdin?: string, step?: number) => {
    const run = new Run(command, ns, dir, bin, stdin);
    runs.push({ run, step });
    return run;
  };
  const outputOf = (step?: number) =>
    runs.filter((r) => step === undefined || r.step === step).map((r) => r.run.text).join("\n");

  /** Runs a command to its end (Ctrl-C after `stopMs` of output, if given): its exit code. */
  const foreground = async (command: string, opts: { step?: number; stdin?: string } = {}) => {
    const run = start(command, opts.stdin, opts.step);
    const stopMs = opts.step === undefined ? undefined : scenario.stops.get(opts.step);
    const killer = setTimeout(() => run.signal("SIGKILL"), STEP_TIMEOUT_MS);
    let stopper: ReturnType<typeof setTimeout> | undefined;
    if (stopMs !== undefined) {
      run.started.then(() => stopper = setTimeout(() => run.signal("SIGINT"), stopMs));
    }
    const code = await run.code;
    clearTimeout(killer);
    clearTimeout(stopper);
    const expected = opts.step === undefined ? 0 : scenario.exits.get(opts.step) ?? 0;
    if (code !== expected) fail(command, `exit ${code}, not ${expected}`, run.text);
    else if (CRASH.test(run.text)) fail(command, "crashed", run.text);
  };
  /** Starts a command that runs until stopped, and waits until it listens. */
  const background = async (command: string, step?: number) => {
    const before = anchor!.listeners();
    const run = start(command, undefined, step);
    running.push(run);
    if (!await anchor!.listening(before, run)) fail(command, "never listened", run.text);
  };
  /** Ctrl-C, as a user stops a server. */
  const stop = async (run: Run) => {
    run.signal("SIGINT");
    const killer = setTimeout(() => run.signal("SIGKILL"), STOP_TIMEOUT_MS);
    await run.code;
    clearTimeout(killer);
    running.splice(running.indexOf(run), 1);
    if (CRASH.test(run.text)) fail(run.what, "crashed", run.text);
  };

  let anchor: Anchor | undefined;
  try {
    await makeNamespace(ns);
    anchor = await Anchor.in(ns);
    for (const args of scenario.net) await must("ip", ["-n", ns, ...args.split(/\s+/)]);
    for (const command of scenario.setup) await foreground(command);
    for (const peer of scenario.peers) await background(peer);
    for (const [i, step] of scenario.steps.entries()) {
      const n = i + 1;
      for (const [first, until] of scenario.untils) {
        const run = runs.find((r) => r.step === first)?.run;
        if (until === n && run && running.includes(run)) await stop(run);
      }
      if (step.background) await background(step.command, n);
      else await foreground(step.command, { step: n, stdin: step.input ?? scenario.stdin.get(n) });
      for (const client of scenario.clients) {
        if (client.after === n) await foreground(client.command);
      }
    }
    for (const client of scenario.clients) {
      if (client.after === undefined) await foreground(client.command);
    }
    // What a server shows may come after its client has gone (a reader that reads late).
    await until(() => scenario.expects.every((e) => e.pattern.test(outputOf(e.step))));
    for (const run of [...running].reverse()) await stop(run);
    for (const check of scenario.checks) await foreground(check);
    for (const { step, pattern } of scenario.expects) {
      if (!pattern.test(outputOf(step))) {
        const what = step === undefined ? "the output" : scenario.steps[step - 1].command;
        fail(what, `no match for ${pattern}`, outputOf(step));
      }
    }
  } catch (err) {
    fail("set-up", String(err));
  } finally {
    for (const run of running) run.signal("SIGKILL");
    await Promise.all(runs.map(({ run }) => run.code));
    await anchor?.[Symbol.asyncDispose]();
    await removeNamespace(ns);
  }
  return failures;
}

/** Waits (bounded by EXPECT_TIMEOUT_MS) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + EXPECT_TIMEOUT_MS;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A process that stays in the namespace while the scenario runs: its /proc/PID/net tables show
 * the namespace's sockets (a file read, not a process per look).
 */
class Anchor implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;

  private constructor(ns: string) {
    this.#child = new Deno.Command("ip", {
      args: ["netns", "exec", ns, "sleep", "600"],
      stdout: "null",
      stderr: "null",
    }).spawn();
  }

  /** Starts one and waits (bounded) until it has entered the namespace. */
  static async in(ns: string): Promise<Anchor> {
    const anchor = new Anchor(ns);
    const host = Deno.readLinkSync("/proc/self/ns/net");
    for (let i = 0; i < 200; i++) {
      if (Deno.readLinkSync(`/proc/${anchor.#child.pid}/ns/net`) !== host) return anchor;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`${ns}: the anchor never entered the namespace`);
  }

  /**
   * The namespace's listening sockets (TCP listeners, bound UDP sockets, listening unix ones), each
   * by its table and inode: a set, not a count, so one that closes as another opens (a step
   * stopped as the next starts) does not hide the new one.
   */
  listeners(): Set<string> {
    const table = (name: string) =>
      this.#read(name).split("\n").slice(1)
        .filter((l) => l.trim() !== "").map((l) => l.trim().split(/\s+/));
    // The TCP tables cost 1-2 ms a read (the kernel walks every bucket of its hash tables, in
    // the kernel's time), sockstat a hundredth of that: they are read again only when the
    // namespace's TCP sockets in use (hashed: a new listener is one more) have changed, or every
    // half second whatever sockstat says (a listener and a closed connection at once cancel out).
    const counts = (this.#read("sockstat") + this.#read("sockstat6")).match(/^TCP6?: inuse \d+/gm)
      ?.join() ?? "";
    if (counts !== this.#counts || Date.now() - this.#tcpAt >= TCP_RECOUNT_MS) {
      this.#counts = counts;
      this.#tcpAt = Date.now();
      this.#tcp = ["tcp", "tcp6"].flatMap((name) =>
        table(name).filter((f) => f[3] === "0A").map((f) => `${name} ${f[9]}`)
      );
    }
    const found = new Set(this.#tcp);
    for (const name of ["udp", "udp6"]) for (const f of table(name)) found.add(`${name} ${f[9]}`);
    // unix: Flags 00010000 is a listening socket (__SO_ACCEPTCON); its inode is the 7th field.
    for (const f of table("unix")) if (f[3] === "00010000") found.add(`unix ${f[6]}`);
    return found;
  }

  #counts = "";
  #tcpAt = 0;
  #tcp: string[] = [];

  #read(name: string): string {
    return Deno.readTextFileSync(`/proc/${this.#child.pid}/net/${name}`);
  }

  /** Waits (bounded) until one listens that was not in `before`; false if `run` ends first. */
  async listening(before: Set<string>, run: Run): Promise<boolean> {
    const deadline = Date.now() + LISTEN_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if ([...this.listeners()].some((key) => !before.has(key))) return true;
      if (await run.ended() !== undefined) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#child.kill("SIGKILL");
    await this.#child.status;
  }
}

async function makeNamespace(ns: string): Promise<void> {
  await must("ip", ["netns", "add", ns]);
  await must("ip", ["-n", ns, "link", "set", "lo", "up"]);
  await Deno.mkdir(`/etc/netns/${ns}`, { recursive: true });
  await Deno.writeTextFile(`/etc/netns/${ns}/hosts`, HOSTS);
}

async function removeNamespace(ns: string): Promise<void> {
  await runProcess("ip", ["netns", "del", ns]);
  await Deno.remove(`/etc/netns/${ns}`, { recursive: true }).catch(() => {});
}

async function must(cmd: string, args: string[]): Promise<void> {
  const out = await runProcess(cmd, args);
  if (out.code !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${out.stderr}`);
}

function tail(text: string): string {
  const t = text.trim();
  return t === "" ? "" : `\n    ${t.slice(-600).replaceAll("\n", "\n    ")}`;
}
