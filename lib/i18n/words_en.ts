/**
 * framecat's words in English: what its events say (the web page's rows, and
 * the sentences errors carry as `said`), by key. words_zh.ts has exactly these
 * keys (the type checker holds it to that). `{name}` is a value the sentence
 * quotes; `{n|one|other}` the word that agrees with the number n. The demos'
 * narration has its own catalogue (lib/demo/messages_en.ts); framecat check's
 * words are in check_en.ts.
 */
import { CHECK_EN } from "./check_en.ts";
import { ERRORS_EN } from "./errors_en.ts";
import { HELP_EN } from "./help_en.ts";
import { LINES_EN } from "./lines_en.ts";
import { NOTES_EN } from "./notes_en.ts";
import { TRAFFIC_EN } from "./traffic_en.ts";
import { RELAY_EN } from "./relay_en.ts";
import { USAGE_EN } from "./usage_en.ts";
import { WEB_EN } from "./web_en.ts";

export const EN = {
  // What the page's rows say about each event (the terminal says the same).
  "ev.read": "read #{n}",
  "ev.frame": "frame #{n}",
  "ev.sent": "sent",
  // A demo's row that stands for many numbered datagrams (as the terminal's demo timeline says).
  "ev.read_span": "read seq {range}: {count} × {size} B",
  "ev.sent_span": "sent seq {range}: {count} × {size} B",
  "ev.sent_alone": "sent in write #{write} alone",
  "ev.sent_together": "sent in write #{write} with {others} other {others|message|messages}",
  "ev.wire": "{wire} B on the wire",
  "ev.by_rule": "answered by rule {rule}",
  "ev.carried": "← read {reads}",
  "ev.carried_many": "← reads {reads}",
  "ev.holds": "→ frame {frames}",
  "ev.truncated": "TRUNCATED: the datagram had {size} B, {lost} B lost",
  "ev.listening": "Listening on {where}",
  "ev.listening_as": "Listening on {where} ({behavior} server)",
  "ev.connected": "connected",
  "ev.connected_local": "connected (local {local})",
  "ev.relayed": "connected, forwarded to {target}",
  "ev.traffic":
    "received {bytes_in} B in {reads} {reads|read|reads}, sent {bytes_out} B in {sends} {sends|send|sends}",
  "ev.traffic_frames":
    "received {bytes_in} B in {reads} {reads|read|reads} ({frames} {frames|frame|frames}), sent {bytes_out} B in {sends} {sends|send|sends}",
  "ev.stats":
    "stats: {connections} {connections|connection|connections}, {errors} {errors|error|errors}",
  "ev.stats_peers": "stats: {peers} {peers|peer|peers}, {errors} {errors|error|errors}",
  "ev.then": "{first}; {then}",
  "ev.phase_done": "end of {phase}: the explanation is above",
  "closed.eof": "closed by the peer (end of file)",
  "closed.us": "closed by us",
  "closed.reset": "closed by a reset (RST)",
  "closed.idle": "closed for --idle-timeout (nothing read)",
  "closed.error": "closed after an error",
  "closed.leave": "closed (the peer left the chat)",
  "closed.expired": "closed (the peer was silent longer than --interval)",
  "closed.evicted": "closed (evicted: too many peers)",
  "closed.overflow": "closed (the peer does not read: its queue stayed full)",
  "closed.full": "closed (turned away: the chat is full)",
  "behavior.echo": "echo",
  "behavior.upper": "upper",
  "behavior.discard": "discard",
  "behavior.print": "print",
  "behavior.exec": "exec",
  "behavior.time": "time",
  "behavior.chat": "chat",
  "behavior.save": "save",
  "phase.problem": "the problem",
  "phase.fix": "the fix",
  "phase.udp": "UDP",
  "phase.tcp": "TCP, to compare",
  "phase.relay": "loss on purpose",
  "phase.group": "one to many",
  "fault.drop": "dropped",
  "fault.dup": "duplicated",
  "fault.reorder": "reordered",
  "fault.truncate": "truncated",
  "fault.delay": "delayed",
  "fault.slice": "sliced",
  "fault.coalesce": "coalesced",
  "fault.rate": "rate-limited",
  "fault.close": "closed",
  "fault.reset": "reset",
  "fault.stall": "stalled",

  // A frame that cannot be decoded: what, where, why, and the likely fix.
  "frame.cut_off": "the connection ended inside a frame at offset {offset}: {reason}",
  "frame.cut_by_us":
    "the frame at offset {offset} had not all come when we closed the connection (--wait ran out, or a stop): {reason}",
  "frame.error": "Cannot decode {subject} at offset {offset}: {reason}",
  "frame.error_hint": "Cannot decode {subject} at offset {offset}: {reason}; {hint}",
  "frame.error_cut": "{error} (the datagram was {size} bytes, cut to --read-size {read_size})",
  "subject.frame": "the frame",
  "subject.header": "the JSON header",
  "subject.datagram": "the datagram",
  "subject.line": "the line",
  "subject.varint": "the varint",
  "part.prefix": "length prefix",
  "part.header": "header",
  "part.body": "body",
  "announcer.prefix": "the length prefix",
  "announcer.total_size": "total_size",
  "reason.too_long": "length {length} exceeds {limit} ({max} bytes)",
  "reason.varint_unfinished": "got {got} {got|byte|bytes} of an unfinished varint",
  "reason.varint_overflow": "Malformed or overflow varint (more than 10 bytes or 64 bits)",
  "reason.varint_prefix_end":
    "end of stream in the varint length prefix: got {got} {got|byte|bytes} of an unfinished varint",
  "reason.datagram_prefix": "truncated: {held} bytes cannot hold a whole {prefix} length prefix",
  "reason.end_of_stream": "end of stream in the {part}: got {got} of {expected} bytes",
  "reason.datagram_short":
    "truncated: {announcer} announces {size} {size|byte|bytes} but only {held} follow",
  "reason.datagram_long":
    "malformed: {extra} extra {extra|byte|bytes} after the {size} {size|byte|bytes} {announcer} announces",
  "reason.line_unended": "got {got} {got|byte|bytes} without a newline at end of stream",
  "reason.line_too_long": "it has {got} {got|byte|bytes}, more than --max-frame ({max} bytes)",
  "reason.line_no_newline":
    "got {got} {got|byte|bytes} without a newline, more than --max-frame ({max} bytes)",
  "reason.datagram_line":
    "the line has {got} {got|byte|bytes}, more than --max-frame ({max} bytes)",
  "reason.md5": "md5 mismatch: the header says {announced}, the body hashes to {actual}",
  "reason.header_utf8": "its {size} bytes are not valid UTF-8",
  "reason.header_depth": "it nests {depth} deep, over the {max} levels a header may have",
  "reason.header_kind": "it is {kind}, not a JSON object",
  "kind.null": "null",
  "kind.array": "an array",
  "kind.string": "a string",
  "kind.number": "a number",
  "kind.boolean": "a boolean",
  "reason.no_total_size": "it has no total_size field",
  "reason.no_total_size_has": "it has no total_size field (it has {fields})",
  "reason.total_size_type": "total_size must be a whole number of bytes, got {value}",
  "reason.total_size_max": "total_size {size} exceeds {limit} ({max} bytes)",
  "reason.json_invalid": "invalid JSON",
  "reason.json_ends": "invalid JSON: it ends early, at byte {at}",
  "reason.json_unexpected": "invalid JSON at byte {at} of {size}: unexpected {shown}",
  "hint.or_raise": "{hint}; or, if it really is that long, raise {limit}",
  "hint.raise": "if it really is that long, raise {limit}",
  "hint.negative":
    "as a signed 32-bit int (struct 'i') it is {value}: the peer sent a negative length",
  "hint.tls": "the peer is speaking TLS: use tls://",
  "hint.text": "the peer is sending text ({text}), try --framing line",
  "hint.text_after":
    "text ({text}) follows the frame before: that frame's length may have left out part of what was sent (stderr not counted in total_size?), or the peer sends lines (--framing line)",
  "hint.swap": "read as {other} it is {length}, try --prefix {other}",
  "hint.swap_course":
    "read as {other} it is {length}, try --prefix {other} (the course's struct.pack('i'): --prefix i)",
  "hint.char_count_len":
    "the message before it ends inside a UTF-8 character, whose rest ({bytes} {bytes|byte|bytes}) is read here as a length: the peer counted characters, not bytes (Python: len(s.encode()), not len(s))",
  "hint.char_count_json":
    "the body before it ends inside a UTF-8 character, whose rest ({bytes} {bytes|byte|bytes}) is read here as a length: the peer's total_size counted characters, not bytes (Python: len(body.encode()), not len(body))",
  "hint.save_text": "the sender is not using --framing json (it sends text: {text})",
  "hint.gbk": 'not UTF-8, but it reads as GBK text ("{text}"): try --encoding gbk',
  ...CHECK_EN,
  ...LINES_EN,
  ...NOTES_EN,
  ...TRAFFIC_EN,
  ...RELAY_EN,
  ...ERRORS_EN,
  ...USAGE_EN,
  ...HELP_EN,
  ...WEB_EN,
} as const;

export type WordKey = keyof typeof EN;
