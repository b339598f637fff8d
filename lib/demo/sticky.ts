/**
 * sticky (粘包): two sends, one read. The receiver reads only after both
 * writes are done and have crossed loopback, so both messages are waiting in
 * its buffer: one recv() returns them together, every time. The fix frames
 * them with a length prefix and the decoder finds the two messages again.
 */
import { createDecoder, createEncoder, type Framing } from "../framing/mod.ts";
import { writeAll } from "../transport/stream.ts";
import type { PhaseLog } from "./log.ts";
import { bytes, recv, settle, tcpPair, text } from "./loopback.ts";
import type { DemoOf } from "./types.ts";
import { COURSE_PREFIX } from "./prefixes.ts";

const MESSAGES = [bytes("hello"), bytes("world")];
/** A big recv(), so the size of the buffer is not what splits or joins anything. */
const READ_SIZE = 65536;

/** Sends the messages back to back, then reads once, late: returns that read and its number. */
async function sendThenReadLate(log: PhaseLog, framing: Framing, mark: boolean) {
  const { sender, receiver } = await tcpPair(log);
  const encoder = createEncoder(framing, { prefix: COURSE_PREFIX });
  if (framing === "len") log.framedWith({ framing, prefix: COURSE_PREFIX });
  log.note("receiver", log.t("note.busy"));
  for (const message of MESSAGES) {
    const wire = encoder.encode(message);
    log.sent("sender", message, wire);
    await writeAll(sender, wire);
  }
  await settle();
  const chunk = await recv(receiver, READ_SIZE);
  const read = log.read("receiver", chunk, { mark });
  return { chunk, read };
}

export const sticky: DemoOf<"sticky"> = {
  name: "sticky",
  transport: "tcp",
  phases: [
    {
      id: "problem",
      async run(log) {
        const { chunk } = await sendThenReadLate(log, "raw", true);
        log.note("receiver", log.t("note.merged"), true);
        return { bytes: chunk.length, joined: text(chunk) };
      },
    },
    {
      id: "fix",
      async run(log) {
        const { chunk, read } = await sendThenReadLate(log, "len", false);
        const frames = createDecoder("len", { prefix: COURSE_PREFIX }).push(chunk);
        for (const frame of frames) {
          log.frame("receiver", frame.payload, read, { fields: { first_read: read } });
        }
        return { bytes: chunk.length, frames: frames.length };
      },
    },
  ],
};
