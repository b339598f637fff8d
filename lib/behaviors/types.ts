/**
 * What a server does with messages, apart from how they travel: a behaviour
 * sees peers and frames, never sockets, so the same code serves TCP, UDP and
 * unix clients.
 */
import type { Emit } from "../events/types.ts";
import type { Frame } from "../framing/types.ts";
import type { ServeOptions } from "../options/types.ts";
import type { Peer } from "../transport/peer.ts";
import type { InputFrom } from "../display/input.ts";
import type { Prompt } from "../display/prompt.ts";
import type { ReplyBudget } from "./reply_budget.ts";

export type { Peer };

export interface BehaviorContext {
  options: ServeOptions;
  emit: Emit;
  /** The clock, injectable for tests of `time`. */
  now: () => Date;
  /** Where typed lines come from (print sends them to every peer). */
  input: InputFrom;
  /** The prompt those lines are typed at, on a terminal (events are printed above it). */
  prompt?: Prompt;
  /** The replies held at once, all peers of the server together (one budget per server). */
  replies: ReplyBudget;
}

export interface Behavior {
  /** A peer connected (TCP/unix) or wrote for the first time (UDP). */
  open?(peer: Peer): void | Promise<void>;
  /** One message, decoded with the receive framing. */
  message?(peer: Peer, frame: Frame): void | Promise<void>;
  /**
   * Raw reads instead of frames, for behaviours that stream what they receive
   * (save writes file bodies to disk as they come). When present, the
   * connection does not decode frames and calls this for every read.
   */
  data?(peer: Peer, chunk: Uint8Array): void | Promise<void>;
  /** The peer's stream ended (EOF); called before `close`. */
  end?(peer: Peer): void | Promise<void>;
  /** The peer is gone (closed, reset, expired). */
  close?(peer: Peer): void;
  /**
   * The server was told to stop (Ctrl-C, SIGTERM, the page's Stop) and is closing its peers:
   * end at once what would hold one of them open (exec's running commands). `stop` follows.
   */
  interrupt?(): void;
  /** The server is stopping: release timers, children, stdin. */
  stop?(): void | Promise<void>;
}

export type BehaviorFactory = (ctx: BehaviorContext) => Behavior;
