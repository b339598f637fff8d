/**
 * nagle: the course's second cause of sticking, on the sender's side. The
 * receiver is already waiting in recv() (it is not late, as in `sticky`), but
 * the sender holds its small sends for a moment, as Nagle's algorithm does,
 * and they leave in one write: one segment, one read. The sender holds them
 * with the same {@linkcode WriteHold} as `connect --coalesce`, so the merge is
 * made, not hoped for. The fix is the same as for the first cause: framing.
 */
import { createDecoder, createEncoder, type Framing } from "../framing/mod.ts";
import { writeAll } from "../transport/stream.ts";
import { WriteHold } from "../transport/write_hold.ts";
import type { PhaseLog } from "./log.ts";
import { bytes, recv, tcpPair, text } from "./loopback.ts";
import { COURSE_PREFIX } from "./prefixes.ts";
import type { DemoOf } from "./types.ts";

const MESSAGES = [bytes("hello"), bytes("world")];
/** How long the sender holds a small send for others (`connect --coalesce 50`). */
const HOLD_MS = 50;
/** A big recv(), so the size of the buffer is not what joins anything. */
const READ_SIZE = 65536;

/** The receiver waits in recv() while the sender's two sends are held and leave as one write. */
async function heldSends(log: PhaseLog, framing: Framing) {
  const { sender, receiver } = await tcpPair(log);
  const encoder = createEncoder(framing, { prefix: COURSE_PREFIX });
  if (framing === "len") log.framedWith({ framing, prefix: COURSE_PREFIX });
  log.note("receiver", log.t("note.ready"));
  const reading = recv(receiver, READ_SIZE);
  const written = Promise.withResolvers<void>();
  let writes = 0;
  const hold = new WriteHold(HOLD_MS, async (wire, held) => {
    await writeAll(sender, wire);
    writes++;
    for (const m of held) {
      log.sent("sender", m.payload, m.bytes, {
        fields: { write: writes, coalesced: held.length },
      });
    }
    written.resolve();
  });
  log.note("sender", log.t("note.held", { ms: HOLD_MS }));
  for (const message of MESSAGES) {
    await hold.add({ bytes: encoder.encode(message), payload: message });
  }
  await written.promise;
  const chunk = await reading;
  const read = log.read("receiver", chunk, { mark: framing === "raw" });
  return { chunk, read };
}

export const nagle: DemoOf<"nagle"> = {
  name: "nagle",
  transport: "tcp",
  phases: [
    {
      id: "problem",
      async run(log) {
        const { chunk } = await heldSends(log, "raw");
        log.note("receiver", log.t("note.merged"), true);
        return { bytes: chunk.length, joined: text(chunk), ms: HOLD_MS };
      },
    },
    {
      id: "fix",
      async run(log) {
        const { chunk, read } = await heldSends(log, "len");
        const frames = createDecoder("len", { prefix: COURSE_PREFIX }).push(chunk);
        for (const frame of frames) {
          log.frame("receiver", frame.payload, read, { fields: { first_read: read } });
        }
        return { bytes: chunk.length, frames: frames.length };
      },
    },
  ],
};
