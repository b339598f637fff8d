/**
 * One command started from the page or the API: parsed from argv with the
 * command line's own parser and rules, run in-process with a context of its
 * own, its events kept in an {@linkcode EventFeed}.
 */
import type { FcEvent, Said } from "../events/types.ts";
import { errorMessage, saidOf } from "../errors.ts";
import type { Invocation } from "../options/cli.ts";
import type { Terminal } from "../display/terminal.ts";
import { LivePeers, type PeerCounters } from "../transport/peer.ts";
import type { Context } from "../core/context.ts";
import { EventFeed } from "./event_feed.ts";
import { Repeats, type RepeatView } from "./repeats.ts";
import { RuleBook, type RuleView } from "../replies/book.ts";
import type { Framing } from "../framing/types.ts";

export type SessionState = "running" | "stopped" | "failed";

/** One live peer of a session, as GET /api/sessions lists it (the page's peer list). */
export interface PeerSummary extends PeerCounters {
  peer: string;
  transport: "tcp" | "udp" | "unix";
}

/** A session as GET /api/sessions describes it (the page reads this type too). */
export interface SessionSummary {
  id: string;
  argv: string[];
  state: SessionState;
  /** When it started (ISO 8601): a restarted session keeps its id, not this. */
  started: string;
  exit_code?: number;
  error?: string;
  /** `error` as framecat's sentence, for the page to say in its language. */
  error_said?: Said;
  /** A listener's bound address and port, from its `listening` event. */
  address?: string;
  port?: number;
  /** What it listens with, from the same event. */
  transport?: "tcp" | "tls" | "udp" | "unix";
  /** serve and connect: the framing its sends go out in (header fields travel only in `json`). */
  send_framing?: Framing;
  /** Its --encoding, when not UTF-8: the timeline shows its text in it from the start. */
  encoding?: string;
  /** Events it has had. */
  events: number;
  /** serve and connect: its reply rules, as the page edits them. */
  rules?: RuleView[];
  /** Its timed sends running now (the page's Stop buttons). */
  repeats: RepeatView[];
  peers: PeerSummary[];
}

/** A command the command line accepted, ready to run. */
export type Runnable = Exclude<Invocation, { command: "none" | "web" | "schema" }>;

/** Runs a parsed command to its exit code (lib/commands/mod.ts in framecat). */
export type Runner = (inv: Runnable, ctx: Context) => Promise<number>;

/** How long a stopped command may take to send its last events before we stop waiting. */
const STOP_WAIT_MS = 5000;

export class Session {
  readonly feed: EventFeed;
  /** How it frames what it sends (serve, connect, relay, sink); a json header only goes with json. */
  readonly sendFraming?: Framing;
  readonly encoding?: string;
  readonly peers = new LivePeers();
  /** serve and connect: the reply rules, which the page edits while the command runs. */
  readonly rules?: RuleBook;
  /** The page's timed sends, each stopped at once by its Stop. */
  readonly repeats = new Repeats();
  state: SessionState = "running";
  exitCode?: number;
  error?: string;
  errorSaid?: Said;
  /** What the command threw, for `COMMAND --web` to end as the command line would. */
  failure?: unknown;
  /** The bound address of a listener, from its `listening` event. */
  listening?: Pick<SessionSummary, "address" | "port" | "transport"> & { address: string };
  /** When it started: a restarted session (same id) is told apart by it. */
  readonly started = new Date().toISOString();
  readonly #abort = new AbortController();
  /** Aborted when it is asked to stop (DELETE, a restart, the workspace's own end). */
  readonly #stopping: AbortSignal;
  readonly done: Promise<void>;

  constructor(
    readonly id: string,
    readonly argv: string[],
    /** The command as parsed (a Restart of a `COMMAND --web` runs it again as it is). */
    readonly inv: Runnable,
    run: Runner,
    /**
     * `COMMAND --web`: the command keeps this terminal (its output, stdin, Ctrl-C), and so does
     * the run a Restart starts in its place.
     */
    readonly terminal?: Terminal,
    /** Stops it too, as {@linkcode stop} does (and the run a Restart starts in its place). */
    readonly stopped?: AbortSignal,
  ) {
    this.#stopping = stopped ? AbortSignal.any([this.#abort.signal, stopped]) : this.#abort.signal;
    // Its timed sends stop with it, not once the command has ended: none sends after the stop.
    this.#stopping.addEventListener("abort", () => void this.repeats.stopAll(), { once: true });
    this.feed = new EventFeed(inv.options.encoding);
    this.sendFraming = "sendFraming" in inv.options ? inv.options.sendFraming : undefined;
    const encoding = "encoding" in inv.options ? inv.options.encoding : undefined;
    this.encoding = encoding === "utf-8" ? undefined : encoding;
    // save takes files, not messages: rules have nothing to answer there.
    const answers = inv.command === "connect" ||
      (inv.command === "serve" && inv.options.behavior !== "save");
    if (answers) {
      this.rules = new RuleBook(inv.options.encoding);
    }
    const ctx: Context = {
      lang: inv.lang,
      emit: (ev: FcEvent) => this.#event(ev),
      signal: this.#stopping,
      peers: this.peers,
      terminal,
      rules: this.rules,
    };
    // An async wrapper: a command that throws at once fails the session like one that rejects.
    this.done = (async () => await run(inv, ctx))().then(
      (code) => {
        this.exitCode = code;
        this.state = "stopped";
      },
      (err) => this.#failed(err),
    ).finally(() => this.repeats.stopAll());
  }

  get running(): boolean {
    return this.state === "running";
  }

  /** Asked to stop, whether or not it has ended yet: what it is sending is cut short. */
  get stopping(): boolean {
    return this.#stopping.aborted;
  }

  /** Resolves when its listening event comes. */
  readonly #listened = Promise.withResolvers<void>();

  /**
   * Whether it failed to listen because its address was in use: resolves once it listens
   * (false) or ends (true for that failure alone).
   */
  async refusedItsAddress(): Promise<boolean> {
    await Promise.race([this.#listened.promise, this.done]);
    if (this.state !== "failed") return false;
    const cause = this.failure instanceof Error ? this.failure.cause ?? this.failure : this.failure;
    return cause instanceof Deno.errors.AddrInUse ||
      /Address already in use/.test(this.error ?? "");
  }

  /** Stops the command as Ctrl-C would; resolves once it has ended (or stopped answering). */
  async stop(): Promise<void> {
    this.#abort.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
    await Promise.race([this.done, late]);
    clearTimeout(timer);
  }

  /** What GET /api/sessions says about it. */
  describe(): SessionSummary {
    return {
      id: this.id,
      argv: this.argv,
      state: this.state,
      started: this.started,
      ...(this.exitCode !== undefined ? { exit_code: this.exitCode } : {}),
      ...(this.error !== undefined ? { error: this.error, error_said: this.errorSaid } : {}),
      ...this.listening,
      ...(this.sendFraming ? { send_framing: this.sendFraming } : {}),
      ...(this.encoding ? { encoding: this.encoding } : {}),
      events: this.feed.count,
      ...(this.rules ? { rules: this.rules.view() } : {}),
      repeats: this.repeats.view(),
      peers: [...this.peers.values()].map((p) => ({
        peer: p.name,
        transport: p.transport,
        ...p.counters,
      })),
    };
  }

  #event(ev: FcEvent): void {
    if (ev.event === "listening" && typeof ev.address === "string") {
      this.#listened.resolve();
      this.listening = {
        address: ev.address,
        port: ev.port as number | undefined,
        ...(typeof ev.transport === "string"
          ? { transport: ev.transport as SessionSummary["transport"] }
          : {}),
      };
    }
    this.feed.push(ev);
  }

  /** The one line the command line would print, as the session's last event. */
  #failed(err: unknown): void {
    this.state = "failed";
    this.failure = err;
    this.error = errorMessage(err);
    this.errorSaid = saidOf(err);
    this.feed.push({ event: "error", message: this.error, said: this.errorSaid });
  }
}
