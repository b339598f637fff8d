/**
 * split (拆包): one 64 KiB send, read with recv(1024) as the course does.
 * No read can return more than 1024 bytes, so the message always arrives in
 * many reads. The fix sends a length prefix first and reads until the whole
 * message is there, then checks its md5 against the sender's.
 */
import { createHash } from "node:crypto";
import { COURSE_PREFIX } from "./prefixes.ts";
import { createDecoder, createEncoder, type Frame, type Framing } from "../framing/mod.ts";
import { FirstReads } from "../transport/first_reads.ts";
import { writeAll } from "../transport/stream.ts";
import type { PhaseLog } from "./log.ts";
import { bytes, recv, tcpPair } from "./loopback.ts";
import type { DemoOf } from "./types.ts";

const SIZE = 64 * 1024;
const READ_SIZE = 1024;
/** 50-byte lines: 1024-byte reads end in the middle of one, as real reads do. */
const LINE = 50;

/** Numbered lines of text, cut at SIZE bytes. */
function message(): Uint8Array {
  const lines: string[] = [];
  for (let n = 1; lines.length * LINE < SIZE; n++) {
    lines.push(`line ${String(n).padStart(4, "0")}: `.padEnd(LINE - 1, "-") + "\n");
  }
  return bytes(lines.join("")).subarray(0, SIZE);
}

const md5 = (data: Uint8Array) => createHash("md5").update(data).digest("hex");

/**
 * One write of the message (framed) while the receiver reads 1024 bytes at a
 * time, until `done` says it has what it waits for. Returns the reads' count.
 */
async function sendWhileReading(
  log: PhaseLog,
  framing: Framing,
  done: (chunk: Uint8Array, read: number) => boolean,
): Promise<{ data: Uint8Array; reads: number }> {
  const { sender, receiver } = await tcpPair(log);
  const data = message();
  const wire = createEncoder(framing, { prefix: COURSE_PREFIX }).encode(data);
  if (framing === "len") log.framedWith({ framing, prefix: COURSE_PREFIX });
  log.sent("sender", data, wire, { fields: { md5: md5(data) } });
  const reading = (async () => {
    for (;;) {
      const chunk = await recv(receiver, READ_SIZE);
      const read = log.read("receiver", chunk);
      if (done(chunk, read)) return read;
    }
  })();
  // Both at once: 64 KiB may not fit the socket buffers before the receiver reads.
  const [reads] = await Promise.all([reading, writeAll(sender, wire)]);
  return { data, reads };
}

export const split: DemoOf<"split"> = {
  name: "split",
  transport: "tcp",
  phases: [
    {
      id: "problem",
      async run(log) {
        let received = 0;
        const { reads } = await sendWhileReading(log, "raw", (chunk) => {
          received += chunk.length;
          return received === SIZE;
        });
        return { size: SIZE, reads };
      },
    },
    {
      id: "fix",
      async run(log) {
        const decoder = createDecoder("len", { prefix: COURSE_PREFIX });
        const firstReads = new FirstReads();
        let whole: Frame | undefined;
        const { data, reads } = await sendWhileReading(log, "len", (chunk, read) => {
          const firstRead = firstReads.next(read, chunk.length, decoder.frameStart);
          [whole] = decoder.push(chunk);
          if (whole) {
            const fields = { md5: md5(whole.payload), first_read: firstRead };
            log.frame("receiver", whole.payload, read, { fields });
          }
          return whole !== undefined;
        });
        const sum = md5(whole!.payload);
        if (sum === md5(data)) log.note("receiver", log.t("note.md5"), true);
        return { size: whole!.payload.length, reads, md5: sum };
      },
    },
  ],
};
