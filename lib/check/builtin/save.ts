/**
 * save: the course's upload. Each file goes as a 4-byte header length, a
 * JSON header (file_name, total_size, md5), then its bytes; the server
 * answers each with a JSON acknowledgement saying ok, as framecat's save
 * does. The second file's md5 does not match its bytes: a server that
 * checks the md5 must refuse it.
 */
import { createHash } from "node:crypto";
import { concatBytes } from "../../bytes.ts";
import { encodeJsonHeader } from "../../framing/mod.ts";
import { said } from "../../i18n/say.ts";
import { WAYS } from "../ways.ts";
import { acknowledged } from "../expectations.ts";
import { Steps } from "../steps.ts";
import { type BuiltinCheck, LARGE_TEXT, shape } from "./types.ts";

const encoder = new TextEncoder();
const GOOD = encoder.encode("a file sent by framecat check\n");
const DAMAGED = encoder.encode("this file was damaged on the way\n");
/** The md5 the damaged file's header gives: the md5 of what was sent before the damage. */
const SENT_MD5 = createHash("md5").update("this file was sent whole\n").digest("hex");

export const save: BuiltinCheck = {
  name: "save",
  summary: {
    en:
      "the course's file upload: JSON header (file_name, total_size, md5), body, an acknowledgement",
    zh: "课程里的文件上传：JSON 报头（file_name、total_size、md5）加文件内容，服务端回确认",
  },
  prefixed: true,
  plan: (o) => ({
    name: "save",
    transport: "stream",
    ways: WAYS,
    protocol: said("check_protocol.save", { prefix: o.prefix }),
    conversation(way) {
      const steps = new Steps(shape("stream", "json", "json", o.prefix), o.within);
      // Names never seen before: a server that refuses to overwrite accepts every run.
      const name = `framecat-check-${crypto.randomUUID().slice(0, 8)}-${way}`;
      const good = way === "large" ? encoder.encode(LARGE_TEXT) : GOOD;
      steps.send(good, { header: { file_name: `${name}-1.txt` } }).expect(acknowledged(true));
      const header = { file_name: `${name}-2.txt`, md5: SENT_MD5 };
      const wire = concatBytes([encodeJsonHeader(header, DAMAGED.length, o.prefix), DAMAGED]);
      return steps.sendWire(DAMAGED, wire).expect(acknowledged(false, "md5")).done();
    },
  }),
};
