/**
 * exec: each message is a shell command; the reply is its stdout then its
 * stderr. Commands run concurrently across peers (each in its own process
 * group), are killed at --exec-timeout, and their output is capped so the
 * reply fits --max-frame (and a datagram over UDP).
 */
import { concatBytes } from "../bytes.ts";
import { escapeBytes } from "../display/escape.ts";
import { encodeText } from "../notation/text_encoding.ts";
import { errorMessage, explainError, SaidError, saidOf } from "../errors.ts";
import { isLoopback } from "../transport/endpoint.ts";
import { MAX_DATAGRAM } from "../transport/datagram.ts";
import type { Frame, JsonHeader } from "../framing/types.ts";
import { type RunResult, runShell } from "./run_command.ts";
import { execAdmission } from "./exec_users.ts";
import type { Behavior, BehaviorContext, Peer } from "./types.ts";
import { said, saying } from "../i18n/say.ts";

/** Room kept in a reply for framecat's notes (cut, killed). */
const NOTE_ROOM = 256;
/** Room kept in a UDP reply for a length prefix and a JSON header. */
const UDP_FRAMING_ROOM = 1024;
/** Bytes of a command shown in events before the rest is summarised. */
const SHOWN_COMMAND = 80;

/**
 * Commands of one TCP or unix client: run one at a time, in order, while its connection is
 * still read, so that a reset is seen as it comes and kills the command (and what it started).
 */
interface Queue {
  /** Aborted when the connection ends (or a reply fails): its command killed, no more run. */
  gone: AbortController;
  /** The commands waiting or running, oldest first: each starts once the one before has replied. */
  runs: Promise<void>[];
  /** Bytes of those commands. */
  bytes: number;
}

/**
 * Commands of one connection waiting or running at once, and their bytes (one larger command
 * waits alone): past either, its reading waits for them, and so its reset is seen late.
 */
const QUEUED = 64;
const QUEUED_BYTES = 1024 * 1024;

export function exec(ctx: BehaviorContext): Behavior {
  const { encoding, execTimeout, sendFraming } = ctx.options;
  const decoder = new TextDecoder(encoding);
  const stopping = new AbortController();
  warnIfPublic(ctx);
  const admits = execAdmission(ctx);
  /** Peers told they were refused: a UDP peer's later datagrams are dropped without a word. */
  const told = new WeakSet<Peer>();
  /** The commands of each TCP or unix client that has some waiting or running. */
  const queues = new Map<Peer, Queue>();
  /** Every queued command's run, awaited when the server stops. */
  const runs = new Set<Promise<void>>();
  // Only a json reply has a header to carry exit_code.
  const send = (peer: Peer, body: Uint8Array, header: JsonHeader) =>
    ctx.replies.send(peer, body, sendFraming === "json" ? header : undefined);
  /** Refuses a peer of another user: the connection is closed, or the datagram unanswered. */
  const refuse = async (peer: Peer) => {
    const why = await admits(peer);
    if (why === undefined || told.has(peer)) return why;
    told.add(peer);
    throw new SaidError(why);
  };
  /** Runs one command and replies; `gone`: its client's connection ended (TCP, unix). */
  const run = async (peer: Peer, frame: Frame, gone?: AbortSignal) => {
    const command = decoder.decode(frame.payload);
    // Escaped as framecat shows any bytes (\x00, not JSON's \u0000), and short.
    const shown = escapeBytes(frame.payload, encoding, SHOWN_COMMAND);
    const maxOutput = Math.max(0, replyLimit(peer, ctx.options.maxFrame) - NOTE_ROOM);
    let result: RunResult;
    try {
      result = await runShell(command, {
        timeoutMs: execTimeout,
        maxOutput,
        signal: gone ? AbortSignal.any([stopping.signal, gone]) : stopping.signal,
      });
    } catch (err) {
      const why = `cannot run the command: ${errorMessage(err)}`;
      const cannot = said("note.exec_cannot_run", { command: shown, error: saidOf(err) });
      ctx.emit({ event: "error", peer: peer.name, ...saying(cannot) });
      return send(peer, encodeText(`framecat: ${why}\n`), { exit_code: null, error: why });
    }
    // Killed because the server is stopping, or its client left: no reply can reach it.
    if (result.signal !== null && (stopping.signal.aborted || gone?.aborted)) {
      const key = stopping.signal.aborted ? "note.exec_stopped" : "note.exec_client_gone";
      ctx.emit({
        event: "info",
        kind: "exec",
        ...saying(said(key, { command: shown })),
        peer: peer.name,
        exit_code: result.code,
        output_bytes: result.outputBytes,
      });
      return;
    }
    report(ctx, peer, shown, result, maxOutput);
    const { body, header } = reply(result, maxOutput, execTimeout);
    // A line reply ends with the framing's newline, not the output's own.
    const payload = sendFraming === "line" && body.at(-1) === 0x0a ? body.subarray(0, -1) : body;
    await send(peer, payload, header);
  };
  const queueOf = (peer: Peer): Queue => {
    let queue = queues.get(peer);
    if (!queue) {
      queue = { gone: new AbortController(), runs: [], bytes: 0 };
      queues.set(peer, queue);
    }
    return queue;
  };
  /** A queued command, once those before it have replied. */
  const runQueued = async (peer: Peer, frame: Frame, queue: Queue) => {
    if (queue.gone.signal.aborted) {
      const shown = escapeBytes(frame.payload, encoding, SHOWN_COMMAND);
      const notRun = said("note.exec_not_run", { command: shown });
      const fields = { peer: peer.name, exit_code: null, output_bytes: 0 };
      ctx.emit({ event: "info", kind: "exec", ...saying(notRun), ...fields });
      return;
    }
    try {
      await run(peer, frame, queue.gone.signal);
    } catch (err) {
      // Nothing reads this run's end: its failure ends the connection, as a failed read does.
      const why = said("error.connection_failed", { why: explainError(err) });
      ctx.emit({ event: "error", peer: peer.name, ...saying(why) });
      queue.gone.abort();
      peer.close("error");
    }
  };
  return {
    // TCP and unix: refused as it connects, before it can send a command.
    async open(peer) {
      await refuse(peer);
    },
    async message(peer, frame) {
      if (await refuse(peer)) return;
      // UDP has no connection to end: each datagram's command runs as it comes.
      if (peer.transport === "udp") return await run(peer, frame);
      const size = frame.payload.length;
      let q = queueOf(peer);
      while (q.runs.length >= QUEUED || (q.runs.length > 0 && q.bytes + size > QUEUED_BYTES)) {
        await q.runs[0];
        q = queueOf(peer);
      }
      // Not awaited: the connection is read on while the command runs.
      const before = q.runs.at(-1) ?? Promise.resolve();
      q.bytes += size;
      const job = before.then(() => runQueued(peer, frame, q)).finally(() => {
        runs.delete(job);
        q.runs.shift(); // the oldest: they end in order
        q.bytes -= size;
        // Drained, it is forgotten; unless its connection ended: what comes after is not run.
        if (q.runs.length === 0 && !q.gone.signal.aborted && queues.get(peer) === q) {
          queues.delete(peer);
        }
      });
      q.runs.push(job);
      runs.add(job);
    },
    // End of file: a client that only shut its write side (nc -N) still reads its replies.
    async end(peer) {
      await queues.get(peer)?.runs.at(-1);
    },
    // Its connection ended (a reset, an error, --idle-timeout): its reply could not be sent.
    close(peer) {
      queues.get(peer)?.gone.abort();
      queues.delete(peer);
    },
    interrupt: () => stopping.abort(),
    async stop() {
      stopping.abort();
      await Promise.all(runs);
    },
  };
}

/** --exec-public on a reachable address: say loudly what that means (cli.ts refuses it otherwise). */
function warnIfPublic(ctx: BehaviorContext): void {
  const ep = ctx.options.endpoint;
  if (ep.transport === "unix" || isLoopback(ep.host)) return;
  ctx.emit({
    event: "info",
    kind: "warning",
    warning: true,
    ...saying(said("note.exec_public", { host: ep.host })),
  });
}

/** The largest reply a peer can take: --max-frame, and over UDP one datagram. */
function replyLimit(peer: Peer, maxFrame: number): number {
  return peer.transport === "udp" ? Math.min(maxFrame, MAX_DATAGRAM - UDP_FRAMING_ROOM) : maxFrame;
}

/** The output, with a line saying so when it was cut or the command killed. */
function reply(
  result: RunResult,
  maxOutput: number,
  timeoutMs: number,
): { body: Uint8Array; header: JsonHeader } {
  const header: JsonHeader = { exit_code: result.code };
  const notes: string[] = [];
  if (result.outputBytes > maxOutput) {
    header.truncated = true;
    header.output_bytes = result.outputBytes;
    notes.push(`output cut to ${maxOutput} of ${result.outputBytes} bytes (--max-frame)`);
  }
  if (result.killed) {
    header.killed = true;
    header.error = killedNote(timeoutMs);
    notes.push(`command ${header.error}`);
  }
  if (notes.length === 0) return { body: result.output, header };
  const newline = result.output.length > 0 && result.output.at(-1) !== 0x0a ? "\n" : "";
  const text = encodeText(newline + notes.map((n) => `framecat: ${n}\n`).join(""));
  return { body: concatBytes([result.output, text]), header };
}

function report(
  ctx: BehaviorContext,
  peer: Peer,
  shown: string,
  result: RunResult,
  maxOutput: number,
): void {
  const fields = { peer: peer.name, exit_code: result.code, output_bytes: result.outputBytes };
  if (result.killed) {
    const seconds = ctx.options.execTimeout / 1000;
    ctx.emit({
      event: "error",
      ...saying(said("note.exec_killed", { command: shown, seconds })),
      ...fields,
    });
    return;
  }
  const ran = { command: shown, code: String(result.code), bytes: result.outputBytes };
  ctx.emit({
    event: "info",
    kind: "exec",
    ...saying(
      result.outputBytes > maxOutput
        ? said("note.exec_ran_cut", { ...ran, max: maxOutput })
        : said("note.exec_ran", ran),
    ),
    ...fields,
  });
}

/** What the reply and the event say of a command the timeout killed. */
function killedNote(timeoutMs: number): string {
  return `killed after ${timeoutMs / 1000} s (--exec-timeout)`;
}
