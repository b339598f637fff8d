/**
 * A session: one command run inside framecat web instead of on its own
 * command line. Commands do not know they are in one; the few places that
 * touch the terminal (the reporter, stdin, Ctrl-C, the progress line) and the
 * connections (so the page can send to a peer) ask {@linkcode currentSession}.
 * The context follows the command's async work (AsyncLocalStorage), so many
 * sessions run side by side in one process.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Peer } from "./transport/peer.ts";
import type { Emit } from "./events/types.ts";
import type { PeerCounters } from "./transport/peer_options.ts";

/** A connection the page can see and send to. */
export interface SessionPeer extends Peer {
  readonly counters: PeerCounters;
}

export interface SessionContext {
  /** Where the command's events go instead of stdout. */
  emit: Emit;
  /** Aborted to stop the command, as Ctrl-C would. */
  signal: AbortSignal;
  /** The command's live connections, by name. */
  peers: Map<string, SessionPeer>;
  /**
   * True for `COMMAND --web`: the command keeps its terminal (output, stdin,
   * Ctrl-C) and the page watches beside it. False for sessions the page starts.
   */
  terminal: boolean;
}

const storage = new AsyncLocalStorage<SessionContext>();

/** The session the calling code runs in, if any. */
export function currentSession(): SessionContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (a command) inside `session`. */
export function runInSession<T>(session: SessionContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(session, fn);
}

/** True when stdin is the user's terminal (false inside a session the page started). */
export function ownsTerminal(): boolean {
  return currentSession()?.terminal ?? true;
}

/** Makes `peer` sendable from the page while it lives; call the result when it is gone. */
export function trackPeer(peer: SessionPeer): () => void {
  const peers = currentSession()?.peers;
  if (!peers) return () => {};
  peers.set(peer.name, peer);
  return () => {
    if (peers.get(peer.name) === peer) peers.delete(peer.name);
  };
}

/** Resolves when the current session is stopped (never outside one). */
export function sessionStopped(): Promise<void> {
  const signal = currentSession()?.signal;
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}
