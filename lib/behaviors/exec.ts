/**
 * exec: each message is a shell command; the reply is its stdout then its
 * stderr. Commands run concurrently across peers (each in its own process
 * group), are killed at --exec-timeout, and their output is capped so the
 * reply fits --max-frame (and a datagram over UDP).
 */
import { concatBytes } from "../bytes.ts";
import { escapeBytes } from "../display/escape.ts";
import { encodeText } from "../notation/text_encoding.ts";
import { errorMessage, SaidError, saidOf } from "../errors.ts";
import { isLoopback } from "../transport/endpoint.ts";
import { MAX_DATAGRAM } from "../transport/datagram.ts";
import type { JsonHeader } from "../framing/types.ts";
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

export function exec(ctx: BehaviorContext): Behavior {
  const { encoding, execTimeout, sendFraming } = ctx.options;
  const decoder = new TextDecoder(encoding);
  const stopping = new AbortController();
  warnIfPublic(ctx);
  const admits = execAdmission(ctx);
  /** Peers told they were refused: a UDP peer's later datagrams are dropped without a word. */
  const told = new WeakSet<Peer>();
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
  return {
    // TCP and unix: refused as it connects, before it can send a command.
    async open(peer) {
      await refuse(peer);
    },
    async message(peer, frame) {
      if (await refuse(peer)) return;
      const command = decoder.decode(frame.payload);
      // Escaped as framecat shows any bytes (\x00, not JSON's \u0000), and short.
      const shown = escapeBytes(frame.payload, encoding, SHOWN_COMMAND);
      const maxOutput = Math.max(0, replyLimit(peer, ctx.options.maxFrame) - NOTE_ROOM);
      let result: RunResult;
      try {
        result = await runShell(command, {
          timeoutMs: execTimeout,
          maxOutput,
          signal: stopping.signal,
        });
      } catch (err) {
        const why = `cannot run the command: ${errorMessage(err)}`;
        const cannot = said("note.exec_cannot_run", { command: shown, error: saidOf(err) });
        ctx.emit({ event: "error", peer: peer.name, ...saying(cannot) });
        return send(peer, encodeText(`framecat: ${why}\n`), { exit_code: null, error: why });
      }
      // Killed because the server is stopping: its peer is being closed, no reply can reach it.
      if (stopping.signal.aborted && result.signal !== null) {
        ctx.emit({
          event: "info",
          kind: "exec",
          ...saying(said("note.exec_stopped", { command: shown })),
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
    },
    interrupt: () => stopping.abort(),
    stop: () => stopping.abort(),
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
