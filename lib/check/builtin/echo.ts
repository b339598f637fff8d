/**
 * echo and upper: the course's first server, `data = conn.recv(1024);
 * conn.send(data.upper())`. No framing: what comes back must be the same
 * stream, byte for byte (upper: a-z upper-cased), however it was cut.
 */
import { said } from "../../i18n/say.ts";
import { WAYS } from "../ways.ts";
import { exactly } from "../expectations.ts";
import { Steps } from "../steps.ts";
import { type BuiltinCheck, HELLO, LARGE_TEXT, shape, WORLD } from "./types.ts";

/** ASCII letters upper-cased, as Python's bytes.upper() does (世界 has no case). */
function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

function echoing(
  name: "echo" | "upper",
  first: string,
  reply: (text: string) => string,
  summary: BuiltinCheck["summary"],
): BuiltinCheck {
  return {
    name,
    summary,
    prefixed: false,
    plan: (o) => ({
      name,
      transport: "stream",
      ways: WAYS,
      protocol: said(`check_protocol.${name}`),
      conversation(way) {
        const steps = new Steps(shape("stream", "raw", "raw", o.prefix), o.within);
        for (const message of [way === "large" ? LARGE_TEXT : first, WORLD]) {
          steps.send(message).expect(exactly(reply(message)));
        }
        return steps.done();
      },
    }),
  };
}

export const echo = echoing("echo", HELLO, (text) => text, {
  en: "a TCP echo server: every byte back, however the bytes were cut",
  zh: "TCP 回显服务端：不管字节怎么被切分，原样全部发回",
});

export const upper = echoing("upper", `${HELLO} 世界`, asciiUpper, {
  en: "a TCP server that answers in upper case (the course's data.upper())",
  zh: "把内容转成大写发回的 TCP 服务端（课程里的 data.upper()）",
});
