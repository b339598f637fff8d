/**
 * framecat check's words in English (lib/check/explain.ts puts them
 * together): how a failure is told (what was sent and how it was cut, what
 * came back, what that means, the fix), the ways, and the report's words.
 * check_zh.ts has exactly these keys; words_en.ts takes them in.
 */
export const CHECK_EN = {
  "check.explain": "{sent}; {got}: {means}.",
  "check.explain_fix": "{sent}; {got}: {means}. {fix}",
  "check.explain_unsent": "{got}; {means}.",
  "check.also": "{means}; {also}",
  "check.list": "{first}, {rest}",
  "check.then": "{answered}{then}",
  "check.how": "{what}{how}",

  "check.sent.one": "sent {a}",
  "check.sent.two": "sent {a} and {b}",
  "check.sent.many": "sent {n} messages, {list}",
  "check.how.stuck": " back to back, in one segment",
  "check.how.stuck.datagram": " back to back",
  "check.how.split": ", every byte in a segment of its own",
  "check.how.delayed": " and read the replies {ms} ms late, so the server's sends piled up",
  "check.how.large": " ({bytes} bytes, more than one recv(1024) takes)",

  "check.got.unreachable": "could not connect: {error}",
  "check.got.silent": "no reply came within {s} s",
  "check.got.once": "the server answered once, {a}",
  "check.got.times": "the server answered {n} times, {list}",
  "check.got.wrong": "the server answered {got} where {expected} was expected",
  "check.got.then.silent": ", then nothing more within {s} s",
  "check.got.then.closed": ", then closed the connection",
  "check.got.then.reset": ", then reset the connection (RST)",
  "check.got.closed": "the server closed the connection without answering",
  "check.got.reset": "the server reset the connection (RST) without answering",
  "check.got.malformed": "the reply could not be read: {error}",
  "check.got.flood": "the server sent more than {limit} without stopping",
  "check.unframed": "the datagram holds no {framing} frame",
  "check.got.error": "the connection failed: {error}",

  "check.means.sticking": "it treats one recv() as one message (粘包)",
  "check.means.splitting":
    "it treats one recv() as one message, but one message can take several recv() calls (拆包)",
  "check.means.large": "it reads a message with one recv(1024) and misses the rest (拆包)",
  "check.means.truncation":
    "UDP delivers a datagram whole or cut: recvfrom(1024) kept 1024 bytes and the rest was lost for good",
  "check.means.piled":
    "read late, its replies ran together and could not be told apart: replies need boundaries too",
  "check.means.md5":
    "it accepted a file whose md5 does not match its header: it does not check the md5, so a file damaged on the way is kept as if whole",
  "check.means.stderr":
    "its header's total_size leaves out part of what it sends (stderr?), and the rest is read as the start of the next reply",
  "check.means.silent": "it is waiting for bytes that will not come, or not answering at all",
  "check.means.closed":
    "it gave up on what it received (an exception in a server closes its socket)",
  "check.means.reset":
    "it gave up on what it received (a socket closed with unread data, or with SO_LINGER 0, sends a reset)",
  "check.means.malformed": "its reply is not framed the way the protocol says",
  "check.means.wrong": "its reply is not the one the protocol asks for",
  "check.means.flood": "a check reads at most {limit} from one case",
  "check.means.unreachable": "check that the server is running, on this address and port",
  "check.means.error": "this case could not go on",
  "check.means.plainFailed":
    "it fails the plain run too, so this is not about how the bytes were cut",

  "check.fix.len":
    "Fix: read exactly 4 bytes of length (struct.unpack('i', …)), then recv() in a loop until that many bytes have come; send each message with struct.pack('i', len) before it.",
  "check.fix.json":
    "Fix: read the 4-byte header length, then the header, then recv() in a loop until total_size bytes have come.",
  "check.fix.line":
    'Fix: keep what recv() returns in a buffer and cut it at each "\\n": a line is a message, a read is not.',
  "check.fix.raw":
    "Fix: call recv() in a loop and treat what it returns as a stream: answer each piece (sendall), and decode text only once the whole message is there; to tell messages apart, frame them, e.g. struct.pack('i', len).",
  "check.fix.datagram":
    "Fix: read with a buffer as large as the largest datagram, recvfrom(65535).",
  "check.fix.md5":
    "Fix: hash what you received with hashlib.md5 and compare it with header['md5'] before keeping the file.",
  "check.fix.stderr": "Fix: total_size = len(stdout) + len(stderr).",

  "check.way.plain": "plain",
  "check.way.stuck": "stuck",
  "check.way.split": "split",
  "check.way.delayed": "delayed",
  "check.way.large": "large",

  "check.report.pass": "ok",
  "check.report.fail": "FAIL",
  "check.report.none": "—",
  "check.report.target": "target",
  "check.report.passed": "passed",
  "check.report.summary":
    "{check}: {targets} {targets|target|targets}, {cases} {cases|case|cases}: {passed} passed, {failed} failed",
  "check.report.summary_unreachable":
    "{check}: {targets} {targets|target|targets}, {cases} {cases|case|cases}: {passed} passed, {failed} failed; {unreachable} could not be reached",
} as const;
