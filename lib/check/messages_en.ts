/**
 * What framecat check says, in English: how each failure is explained
 * (what was sent and how it was cut, what came back, what that means, the
 * fix) and the lines of its reports. `{name}` is filled in. messages_zh.ts
 * has exactly these keys (the type checker holds it to that).
 */
export const EN = {
  "sent.one": "sent {a}",
  "sent.two": "sent {a} and {b}",
  "sent.many": "sent {n} messages, {list}",
  "how.stuck": " back to back, in one segment",
  "how.stuck.datagram": " back to back",
  "how.split": ", every byte in a segment of its own",
  "how.delayed": " and read the replies {ms} ms late, so the server's sends piled up",
  "how.large": " ({bytes} bytes, more than one recv(1024) takes)",

  "got.unreachable": "could not connect: {error}",
  "got.silent": "no reply came within {s} s",
  "got.once": "the server answered once, {a}",
  "got.times": "the server answered {n} times, {list}",
  "got.wrong": "the server answered {got} where {expected} was expected",
  "got.then.silent": ", then nothing more within {s} s",
  "got.then.closed": ", then closed the connection",
  "got.then.reset": ", then reset the connection (RST)",
  "got.closed": "the server closed the connection without answering",
  "got.reset": "the server reset the connection (RST) without answering",
  "got.malformed": "the reply could not be read: {error}",
  "got.flood": "the server sent more than {limit} without stopping",
  "got.error": "the connection failed: {error}",

  "means.sticking": "it treats one recv() as one message (粘包)",
  "means.splitting":
    "it treats one recv() as one message, but one message can take several recv() calls (拆包)",
  "means.large": "it reads a message with one recv(1024) and misses the rest (拆包)",
  "means.truncation":
    "UDP delivers a datagram whole or cut: recvfrom(1024) kept 1024 bytes and the rest was lost for good",
  "means.piled":
    "read late, its replies ran together and could not be told apart: replies need boundaries too",
  "means.md5":
    "it accepted a file whose md5 does not match its header: it does not check the md5, so a file damaged on the way is kept as if whole",
  "means.stderr":
    "its header's total_size leaves out part of what it sends (stderr?), and the rest is read as the start of the next reply",
  "means.silent": "it is waiting for bytes that will not come, or not answering at all",
  "means.closed": "it gave up on what it received (an exception in a server closes its socket)",
  "means.reset":
    "it gave up on what it received (a socket closed with unread data, or with SO_LINGER 0, sends a reset)",
  "means.malformed": "its reply is not framed the way the protocol says",
  "means.wrong": "its reply is not the one the protocol asks for",
  "means.flood": "a check reads at most {limit} from one case",
  "means.unreachable": "is the server running, on this address and port?",
  "means.error": "this case could not go on",
  "means.plainFailed": "it fails the plain run too, so this is not about how the bytes were cut",

  "fix.len":
    "Fix: read exactly 4 bytes of length (struct.unpack('i', …)), then recv() in a loop until that many bytes have come; send each message with struct.pack('i', len) before it.",
  "fix.json":
    "Fix: read the 4-byte header length, then the header, then recv() in a loop until total_size bytes have come.",
  "fix.line":
    'Fix: keep what recv() returns in a buffer and cut it at each "\\n": a line is a message, a read is not.',
  "fix.raw":
    "Fix: call recv() in a loop and treat what it returns as a stream: answer each piece (sendall), and decode text only once the whole message is there; to tell messages apart, frame them, e.g. struct.pack('i', len).",
  "fix.datagram": "Fix: read with a buffer as large as the largest datagram, recvfrom(65535).",
  "fix.md5":
    "Fix: hash what you received with hashlib.md5 and compare it with header['md5'] before keeping the file.",
  "fix.stderr": "Fix: total_size = len(stdout) + len(stderr).",

  "way.plain": "plain",
  "way.stuck": "stuck",
  "way.split": "split",
  "way.delayed": "delayed",
  "way.large": "large",

  "report.pass": "ok",
  "report.fail": "FAIL",
  "report.none": "—",
  "report.target": "target",
  "report.passed": "passed",
  "report.summary": "{check}: {targets}, {cases}: {passed} passed, {failed} failed",
  "report.unreachable": "; {n} could not be reached",
} as const;

export type MessageKey = keyof typeof EN;
