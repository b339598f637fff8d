/**
 * len-echo: the course's fix for sticking, an echo server whose messages
 * carry a length first (`struct.pack('i', len)`, `--prefix i`).
 */
import { said } from "../../i18n/say.ts";
import { WAYS } from "../ways.ts";
import { exactly } from "../expectations.ts";
import { Steps } from "../steps.ts";
import { type BuiltinCheck, HELLO, LARGE_TEXT, shape, WORLD } from "./types.ts";

export const lenEcho: BuiltinCheck = {
  name: "len-echo",
  summary: {
    en: "a length-prefixed echo server (struct.pack('i', len), --prefix)",
    zh: "带长度前缀的回显服务端（struct.pack('i', len)，--prefix）",
  },
  prefixed: true,
  plan: (o) => ({
    name: "len-echo",
    transport: "stream",
    ways: WAYS,
    protocol: said("check_protocol.len-echo", { prefix: o.prefix }),
    conversation(way) {
      const steps = new Steps(shape("stream", "len", "len", o.prefix), o.within);
      for (const message of [way === "large" ? LARGE_TEXT : HELLO, WORLD]) {
        steps.send(message).expect(exactly(message));
      }
      return steps.done();
    },
  }),
};
