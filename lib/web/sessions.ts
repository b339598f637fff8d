/** The sessions of one framecat web: started from argv, listed, stopped, restarted, forgotten. */
import { parseCommandLine } from "../options/cli.ts";
import { UsageError } from "../errors.ts";
import { type Runnable, type Runner, Session } from "./session.ts";
import type { Endpoint } from "../transport/endpoint.ts";
import { said } from "../i18n/say.ts";
import { SendError } from "./send.ts";

/** Arguments of one argv from the page, and their characters in all: a command line's worth. */
const MAX_ARGS = 4096;
const MAX_ARGV_CHARS = 1024 * 1024;

/** Sessions kept, running or ended; the oldest ended one is forgotten past this. */
const MAX_SESSIONS = 64;

export class Sessions {
  readonly #all = new Map<string, Session>();
  /** Restarts under way, by id: a second one (a double click) is the same restart. */
  readonly #restarting = new Map<string, Promise<Session>>();
  /** Ids forgotten, or being forgotten: a restart asked meanwhile does not bring one back. */
  readonly #forgotten = new Set<string>();
  /** Told of the next restart asked (`COMMAND --web` waiting with its page open). */
  #onRestart = new Set<() => void>();
  #next = 1;

  constructor(readonly run: Runner) {}

  get(id: string): Session | undefined {
    return this.#all.get(id);
  }

  /** Whether `id` was given to a session (one that may have been removed since). */
  issued(id: string): boolean {
    return /^[1-9]\d*$/.test(id) && Number(id) < this.#next;
  }

  list(): Session[] {
    return [...this.#all.values()];
  }

  /**
   * Parses argv as the command line does and starts it; a UsageError carries the CLI's line.
   * `after`: the run it restarts, whose id, terminal and outer stop it takes.
   */
  async start(argv: unknown, after?: Session, keepPort = true): Promise<Session> {
    // A run on the terminal (`COMMAND --web`) is run again as the command line parsed it: its
    // output as typed (text, hex…), where the page's own sessions speak json.
    const parsed = after?.terminal ? after.inv : await parseArgv(argv);
    const inv = keepPort ? samePort(parsed, after) : parsed;
    this.#makeRoom();
    // Numbered once it starts: a refused argv takes no number, the ids go 1, 2, 3.
    const id = after?.id ?? String(this.#next++);
    const session = new Session(
      id,
      argv as string[],
      inv,
      this.run,
      after?.terminal,
      after?.stopped,
    );
    this.#all.set(id, session);
    return session;
  }

  /**
   * Stops a session and starts its argv again under the same id. Restarts of one session at
   * once are one restart: each started a new one over the last, which ran on unlisted.
   */
  restart(session: Session): Promise<Session> {
    const { id } = session;
    const pending = this.#restarting.get(id);
    if (pending) return pending;
    const restarting = (async () => {
      await session.stop();
      // Forgotten while it stopped (DELETE …?forget=1): it stays stopped, and gone.
      if (this.#forgotten.has(id)) return session;
      const next = await this.start(session.argv, session);
      // Its port taken meanwhile (a connection elsewhere got it as its own port, another
      // program): any free port rather than a restart that cannot listen.
      if (session.listening?.port !== undefined && await next.refusedItsAddress()) {
        return await this.start(session.argv, session, false);
      }
      return next;
    })().finally(() => this.#restarting.delete(id));
    this.#restarting.set(id, restarting);
    const told = this.#onRestart;
    this.#onRestart = new Set();
    for (const tell of told) tell();
    return restarting;
  }

  /** Resolves when a restart (of any session) is next asked, or once `signal` is aborted. */
  nextRestart(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        this.#onRestart.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.#onRestart.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** The restart of session `id` under way, if one is: it resolves to the run that replaced it. */
  restarting(id: string): Promise<Session> | undefined {
    return this.#restarting.get(id);
  }

  /**
   * Stops a session (DELETE): one being restarted is stopped once its restart has started it
   * again, so that it stays stopped. Resolves to the session as it is now.
   */
  async stop(session: Session): Promise<Session> {
    const restarted = await this.#restarting.get(session.id)?.catch(() => undefined);
    const current = restarted ?? session;
    await current.stop();
    return current;
  }

  /**
   * Stops a session as {@linkcode stop} does, then forgets it (DELETE …?forget=1): it is no
   * longer listed, its events are no longer served (its watchers are closed) and what it kept
   * is let go. Resolves to the session as it was last.
   */
  async forget(session: Session): Promise<Session> {
    this.#forgotten.add(session.id);
    const current = await this.stop(session);
    if (this.#all.get(current.id) === current) this.#all.delete(current.id);
    current.feed.close();
    return current;
  }

  /** Adds a session started elsewhere (`COMMAND --web`); the page's sessions are numbered after it. */
  add(session: Session): void {
    this.#all.set(session.id, session);
    const n = Number(session.id);
    if (Number.isInteger(n) && n >= this.#next) this.#next = n + 1;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((s) => s.stop()));
  }

  #makeRoom(): void {
    if (this.#all.size < MAX_SESSIONS) return;
    const ended = this.list().find((s) => !s.running);
    // Not bad input (400): a full house, until one of them stops (503, as for watchers).
    if (!ended) throw new SendError(said("web.sessions_full", { max: MAX_SESSIONS }), 503);
    this.#all.delete(ended.id);
    ended.feed.close();
  }
}

/** argv → a command to run, with the command line's own checks and one-line messages. */
export async function parseArgv(argv: unknown): Promise<Runnable> {
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
    throw new UsageError(said("web.argv_list"));
  }
  if (argv.length > MAX_ARGS || argv.reduce((n, a) => n + a.length, 0) > MAX_ARGV_CHARS) {
    throw new UsageError(said("web.argv_long", { args: MAX_ARGS, chars: MAX_ARGV_CHARS }));
  }
  // What commander prints (help) is not for the page: a refusal is a UsageError, said there.
  const inv = await parseCommandLine(argv, { writeOut: () => {}, writeErr: () => {} });
  if (inv.command === "none") throw new UsageError(said("web.only_help"));
  if (inv.command === "web") throw new UsageError(said("web.itself"));
  if (inv.command === "schema") throw new UsageError(said("web.schema"));
  if (inv.options.web) throw new UsageError(said("web.web"));
  // A demo that does not exist: refused here, as the command line refuses it.
  if (inv.command === "demo" && inv.options.name !== undefined) {
    (await import("../demo/catalog.ts")).chooseDemos(inv.options.name);
  }
  // A session's output is its event feed: the objects --output json prints.
  if (inv.command === "check") {
    // An unknown check, a scenario file or targets file that cannot be read: refused here, as
    // the command line refuses them, not as a session that fails at once.
    await (await import("../check/prepare.ts")).prepareCheck(inv.options);
    inv.options.report = "json";
  }
  inv.options.output = "json";
  return inv;
}

/**
 * The run a restart starts, listening where the run it replaces did: a server asked for port 0
 * got one from the system, which the class was then told and their programs use; a restart on a
 * new one would leave them all knocking at the old.
 */
function samePort(inv: Runnable, after: Session | undefined): Runnable {
  const port = after?.listening?.port;
  // One whose stop did not end in time (a loaded machine) may still hold it: any port, then.
  if (port === undefined || after?.running) return inv;
  const bound = (ep: Endpoint): Endpoint => "port" in ep && ep.port === 0 ? { ...ep, port } : ep;
  if (inv.command === "serve") {
    return { ...inv, options: { ...inv.options, endpoint: bound(inv.options.endpoint) } };
  }
  if (inv.command === "sink") {
    return { ...inv, options: { ...inv.options, endpoint: bound(inv.options.endpoint) } };
  }
  if (inv.command === "relay") {
    return { ...inv, options: { ...inv.options, listen: bound(inv.options.listen) } };
  }
  return inv;
}
