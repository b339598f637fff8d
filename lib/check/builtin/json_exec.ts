/**
 * json-exec: the course's remote command server after the fix. A command
 * goes as it is (one recv(1024) takes it); the reply is a 4-byte header
 * length, a JSON header with total_size, then stdout and stderr. The
 * commands are sent one at a time, as the course's client does: the request
 * has no framing, so the stuck and split ways do not apply.
 */
import { createHash } from "node:crypto";
import { said } from "../../i18n/say.ts";
import { exactly, matching } from "../expectations.ts";
import { Steps } from "../steps.ts";
import { type BuiltinCheck, shape } from "./types.ts";

/** How many times --timeout a command's reply may take. */
const EXEC_TIME = 2.5;

/** `seq 1 1000`'s output, 3893 bytes: more than one recv(1024). */
const SEQ = Array.from({ length: 1000 }, (_, i) => `${i + 1}\n`).join("");

/** A line of output as sh prints it (cmd adds \r). */
function line(text: string, wrong?: "stderr" | "chars") {
  // The stderr mistake with a whole md5 is told by it: the md5 of all of the output.
  const md5s = wrong === "stderr"
    ? [`${text}\n`, `${text}\r\n`].map((t) => createHash("md5").update(t).digest("hex"))
    : undefined;
  return matching(new RegExp(`^${text}\\r?\\n$`), `"${text}\\n"`, {
    ...(wrong ? { wrong } : {}),
    ...(md5s ? { md5s } : {}),
  });
}

export const jsonExec: BuiltinCheck = {
  name: "json-exec",
  summary: {
    en:
      "the course's remote command server: raw command in, JSON header (total_size) and output back",
    zh: "课程里的远程执行命令服务端：收原样的命令，回 JSON 报头（total_size）和输出",
  },
  prefixed: true,
  plan: (o) => ({
    name: "json-exec",
    transport: "stream",
    ways: ["plain", "delayed", "large"],
    protocol: said("check_protocol.json-exec", { prefix: o.prefix }),
    conversation(way) {
      // A command takes longer to run than a message to echo: its reply is given more time.
      const steps = new Steps(shape("stream", "raw", "json", o.prefix), o.within * EXEC_TIME);
      if (way === "large") steps.send("seq 1 1000").expect(exactly(SEQ));
      else {
        steps.send("echo hello").expect(line("hello"));
        // Output on stderr: total_size must count it too.
        steps.send("echo oops >&2").expect(line("oops", "stderr"));
        // Output that is not ASCII: total_size counts its bytes, not the characters of a str.
        steps.send("echo 你好").expect(line("你好", "chars"));
      }
      return steps.send("echo world").expect(line("world")).done();
    },
  }),
};
