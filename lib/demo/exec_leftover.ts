/**
 * exec-leftover: the course's remote-command server. The client sends a
 * command and reads the reply with one recv(1024); the first command's
 * output is longer than that, so its tail is still in the buffer when the
 * client reads the second reply. The steps run in a fixed order (command,
 * reply written, late read), so the leftover shows on every run. The
 * commands are built in: the same output on every machine, nothing run.
 * The fix: a JSON header with total_size before each reply.
 */
import { createDecoder, createEncoder, type Frame, type Framing } from "../framing/mod.ts";
import { COURSE_PREFIX } from "./prefixes.ts";
import { FirstReads } from "../transport/first_reads.ts";
import { writeAll } from "../transport/stream.ts";
import type { PhaseLog } from "./log.ts";
import { bytes, type Pair, recv, settle, tcpPair, text } from "./loopback.ts";
import type { DemoOf } from "./types.ts";

/** The course client's buffer: one recv(1024) per reply. */
const READ_SIZE = 1024;

/** A directory listing of about 1,500 bytes: longer than one read, shorter than two. */
function listing(): string {
  const files = (
    "01_tcp_server.py 01_tcp_client.py 02_udp_server.py 02_udp_client.py 03_sticky_server.py " +
    "03_sticky_client.py 04_struct_pack.py 05_exec_server.py 05_exec_client.py 06_json_header.py " +
    "07_file_server.py 07_file_client.py 08_time_server.py 09_udp_chat.py 10_heartbeat.py " +
    "README.md notes.txt homework1.py homework2.py homework3.py requirements.txt test_framing.py"
  ).split(" ");
  const lines = files.map((name, i) => {
    const size = String(200 + (i * 739) % 4000).padStart(5);
    return `-rw-r--r-- 1 student student ${size} Mar  1 09:${String(i).padStart(2, "0")} ${name}\n`;
  });
  return `total ${files.length * 4}\n${lines.join("")}`;
}

/** The built-in commands and their output. */
const COMMANDS: ReadonlyArray<[command: string, output: string]> = [
  ["ls -l", listing()],
  ["pwd", "/home/student\n"],
];

const reply = (command: Uint8Array) =>
  bytes(COMMANDS.find(([name]) => name === text(command))?.[1] ?? "");

/**
 * One exchange: the client sends the command, the server reads it and writes
 * the reply framed with `framing`. Returns the reply's message bytes.
 */
async function exchange(
  log: PhaseLog,
  { sender: server, receiver: client }: Pair<Deno.Conn>,
  command: string,
  framing: Framing,
): Promise<Uint8Array> {
  const sent = bytes(command);
  log.sent("receiver", sent);
  await writeAll(client, sent);
  const request = await recv(server, READ_SIZE);
  log.read("sender", request);
  const output = reply(request);
  const wire = createEncoder(framing, { prefix: COURSE_PREFIX }).encode(output, { exit_code: 0 });
  log.sent("sender", output, wire);
  await writeAll(server, wire);
  return output;
}

export const execLeftover: DemoOf<"exec-leftover"> = {
  name: "exec-leftover",
  transport: "tcp",
  columns: "server-client",
  phases: [
    {
      id: "problem",
      async run(log) {
        const pair = await tcpPair(log, "sender");
        const [[first], [second]] = COMMANDS;
        const output = await exchange(log, pair, first, "raw");
        await settle();
        const firstReply = await recv(pair.receiver, READ_SIZE);
        log.read("receiver", firstReply);
        const left = output.length - firstReply.length;
        log.note("receiver", log.t("note.waiting", { left }));
        await exchange(log, pair, second, "raw");
        await settle();
        log.read("receiver", await recv(pair.receiver, READ_SIZE), { mark: true });
        log.note("receiver", log.t("note.leftover", { left, command: first }), true);
        return { first, second, size: output.length, left };
      },
    },
    {
      id: "fix",
      async run(log) {
        const pair = await tcpPair(log, "sender");
        log.framedWith({ framing: "json", prefix: COURSE_PREFIX });
        const decoder = createDecoder("json", { prefix: COURSE_PREFIX });
        const firstReads = new FirstReads();
        /** Reads 1024 bytes at a time until the decoder has the whole reply. */
        const readReply = async (): Promise<{ frame: Frame; reads: number }> => {
          for (let reads = 1;; reads++) {
            const chunk = await recv(pair.receiver, READ_SIZE);
            const read = log.read("receiver", chunk);
            const firstRead = firstReads.next(read, chunk.length, decoder.frameStart);
            const [frame] = decoder.push(chunk);
            if (frame) {
              const fields = { header: frame.header, first_read: firstRead };
              log.frame("receiver", frame.payload, read, { fields });
              return { frame, reads };
            }
          }
        };
        const [[first], [second]] = COMMANDS;
        await exchange(log, pair, first, "json");
        const { frame: firstFrame, reads } = await readReply();
        await exchange(log, pair, second, "json");
        await readReply();
        return { first, second, size: firstFrame.payload.length, reads };
      },
    },
  ],
};
