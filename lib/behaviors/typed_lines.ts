/**
 * Lines the server's user types (print, chat): each goes to every peer, or,
 * written `@HOST:PORT message`, to that peer alone. A line that names a peer
 * that is not connected is not sent to anyone else instead; it is refused,
 * with the peers that are there. Lines are read as -e and --input say; one
 * that cannot be read is refused in one line, and the next is read.
 */
import { stdinLines } from "../display/input.ts";
import { lineBytes, rawLine } from "../display/typed_text.ts";
import { UsageError } from "../errors.ts";
import type { BehaviorContext, Peer } from "./types.ts";
import { listed, type Said, said, saying } from "../i18n/say.ts";

/** What to do with one typed message: send it to `to`, or to every peer when `to` is absent. */
export type Deliver = (payload: Uint8Array, to?: Peer) => void | Promise<void>;

/** Reads stdin until it ends or `stopped()`; `peers()` are those a line may name. */
export async function readTypedLines(
  ctx: BehaviorContext,
  peers: () => Iterable<Peer>,
  deliver: Deliver,
  stopped: () => boolean,
): Promise<void> {
  let n = 0;
  for await (const line of stdinLines(ctx.input, ctx.prompt, ctx.options.encoding)) {
    if (stopped()) return;
    n++;
    const refuse = (why: Said) =>
      ctx.emit({ event: "info", kind: "note", ...saying(said("note.line_not_sent", { n, why })) });
    if (typeof line !== "string") {
      refuse(line.unread);
      continue;
    }
    const addressed = /^@(\S+) (.*)$/s.exec(line);
    const name = addressed?.[1];
    const to = name === undefined ? undefined : [...peers()].find((p) => p.name === name);
    // `@bob hi` is a message like any other; `@127.0.0.1:9 hi` names a peer, here or not.
    if (name !== undefined && !to && /[:#/]/.test(name)) {
      const here = [...peers()].map((p) => p.name);
      refuse(
        here.length
          ? said("note.no_such_peer", { name, here: listed(here) })
          : said("note.no_peer_at_all", { name }),
      );
      continue;
    }
    try {
      const bytes = lineBytes(to ? addressed![2] : line, ctx.options);
      await deliver(ctx.options.sendFraming === "raw" ? rawLine(bytes, ctx.options) : bytes, to);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      refuse(err.said);
    }
  }
}
