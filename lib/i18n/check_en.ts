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

  "check_sent.one": "sent {a}",
  "check_sent.two": "sent {a} and {b}",
  "check_sent.many": "sent {n} messages, {list}",
  "check_how.stuck": " back to back, in one segment",
  "check_how.stuck.datagram": " back to back",
  "check_how.split": ", every byte in a segment of its own",
  "check_how.delayed": " and read the replies {ms} ms late, so the server's sends piled up",
  "check_how.large": " ({bytes} bytes, more than one recv(1024) takes)",
  "check_how.large.datagram": " ({bytes} bytes, more than one recvfrom(1024) takes)",

  "check_got.unreachable": "could not connect: {error}",
  "check_got.no_connect": "no answer to connecting within {s} s",
  "check_got.silent": "no reply came within {s} s",
  "check_got.sent_back": "the server sent back {a}",
  "check_got.once": "the server answered once, {a}",
  "check_got.times": "the server answered {n} times, {list}",
  "check_got.wrong_at":
    "the server answered {got} ({size} B) where {expected} was expected, the two parting at byte {nth}",
  "check_got.wrong": "the server answered {got} where {expected} was expected",
  "check_got.wrong_sent_back_at":
    "the server sent back {got} ({size} B) where {expected} was expected, the two parting at byte {nth}",
  "check_got.wrong_sent_back": "the server sent back {got} where {expected} was expected",
  "check_got.short_datagram": "the server's reply was only {size} bytes, {a}",
  "check_got.short_datagram_expected":
    "the server's reply was only {size} bytes, {a}, where {expected} was expected",
  "check_then.silent": ", then nothing more within {s} s",
  "check_then.closed": ", then closed the connection",
  "check_then.reset": ", then reset the connection (RST)",
  "check_got.closed": "the server closed the connection without answering",
  "check_got.reset": "the server reset the connection (RST) without answering",
  "check_got.malformed": "the reply could not be read: {error}",
  "check.reply_unended_part":
    "it began and did not end within {s} s: {got} of the {expected} bytes of its {part} came",
  "check.reply_unended": "it began and did not end within {s} s: {reason}",
  "check_got.flood": "the server sent more than {limit} without stopping",
  "check.limit": "the check's limit",
  "check.too_long": "length {length} exceeds the check's limit ({max} bytes)",
  "check.total_size_max": "total_size {size} exceeds the check's limit ({max} bytes)",
  "check.hint_text": "the server sends text ({text}) where a length prefix should be",
  "check.unframed": "the datagram holds no {framing} frame",
  "check_got.error": "the connection failed: {error}",

  "check_means.sticking": "it treats one recv() as one message (粘包)",
  "check_means.splitting":
    "it treats one recv() as one message, but one message can take several recv() calls (拆包)",
  "check_means.large": "it reads a message with one recv(1024) and misses the rest (拆包)",
  "check_means.truncation":
    "UDP delivers a datagram whole or cut: recvfrom(1024) kept 1024 bytes and the rest was lost for good",
  "check_means.piled":
    "read late, its replies ran together and could not be told apart: replies need boundaries too",
  "check_means.md5":
    "it accepted a file whose md5 does not match its header: it does not check the md5, so a file damaged on the way is kept as if whole",
  "check_means.stderr_md5":
    "its header's total_size leaves out part of what it sends (stderr?), while its md5 is of all of it: the body read at total_size cannot match",
  "check_means.chars":
    "its header's total_size counts characters, not bytes (len() of a str): 你 is one character and three bytes in UTF-8, so the body is cut short and the rest is read as the start of the next reply",
  "check_means.stderr":
    "its header's total_size leaves out part of what it sends (stderr?), and the rest is read as the start of the next reply",
  "check_means.silent": "it is waiting for bytes that will not come, or not answering at all",
  "check_means.not_reading":
    "it has not read them: {n} {n|byte is|bytes are} still in its receive buffer, so it is not calling recv() on this connection, or never accept()ed it (is it still looping on a client that left?)",
  "check_means.silent.datagram":
    "it may not be running on that port, or its reply goes somewhere else (sendto() to the address recvfrom() gave is the one that comes back)",
  "check_means.closed":
    "it gave up on what it received (an exception in a server closes its socket)",
  "check_means.reset":
    "it gave up on what it received (a socket closed with unread data, or with SO_LINGER 0, sends a reset)",
  "check_means.malformed": "its reply is not framed the way the protocol says",
  "check_means.wrong": "its reply is not the one the protocol asks for",
  "check_means.flood": "a check reads at most {limit} from one case",
  "check_means.unreachable": "check that the server is running, on this address and port",
  "check_means.gone":
    "it accepted the connection of the {way} case, so it has stopped since: did that case crash it? Look at the server's output",
  "check_means.queue_full":
    "it has let no connection in since the {way} case: its listen() queue is full, so it is not calling accept() (stuck with an earlier client, paused with Ctrl-Z, or it never calls accept() again)",
  "check_means.unanswered":
    "check the address (a host that is down, or a firewall, drops connections without a word), and whether the server's listen() queue is full (a server that is not calling accept())",
  "check_means.ended_first":
    "it had ended this connection before anything was sent on it, so this is not about how the bytes were cut: has it stopped? (the cases after it say so; look at the server's output)",
  "check_means.error": "this case could not go on",
  "check_means.plainFailed":
    "it fails the plain run too, so this is not about how the bytes were cut",
  "check_means.plainFailed_protocol":
    "it fails the plain run too, so this is not about how the bytes were cut: does this check speak its protocol? ({protocol})",

  // What a check sends and wants back, recalled when a server fails the plain run too.
  "check_protocol.echo": "echo sends bare bytes, no newline, and wants every byte back",
  "check_protocol.upper":
    "upper sends bare bytes, no newline, and wants every byte back, a-z upper-cased",
  "check_protocol.len-echo":
    "len-echo sends each message after a {prefix} length, as --prefix says, and wants it back framed the same way",
  "check_protocol.json-exec":
    "json-exec sends each command as it is, with no length and no newline, and wants back a {prefix} header length as --prefix says, then a JSON header with total_size, then the output",
  "check_protocol.save":
    "save sends a {prefix} header length as --prefix says, then a JSON header with file_name, total_size and md5, then the file, and wants a JSON acknowledgement back",
  "check_protocol.scenario": "this scenario sends {send} and wants {recv} back, as its file says",
  "check_frames.raw": "bare bytes",
  "check_frames.line": 'lines ending in "\\n"',
  "check_frames.len": "messages after a {prefix} length",
  "check_frames.json": "messages after a {prefix} header length and a JSON header",

  "check_fix.len":
    "Fix: read exactly 4 bytes of length (struct.unpack('i', …)), then recv() in a loop until that many bytes have come; send each message with struct.pack('i', len) before it.",
  "check_fix.json":
    "Fix: read the 4-byte header length, then the header, then recv() in a loop until total_size bytes have come.",
  "check_fix.line":
    'Fix: keep what recv() returns in a buffer and cut it at each "\\n": a line is a message, a read is not.',
  "check_fix.raw":
    "Fix: call recv() in a loop and treat what it returns as a stream: answer each piece (sendall), and decode text only once the whole message is there; to tell messages apart, frame them, e.g. struct.pack('i', len).",
  "check_fix.not_reading":
    "Fix: recv() returning b'' means the client has left: leave its loop (if not data: break), close it, and go back to accept().",
  "check_fix.datagram":
    "Fix: read with a buffer as large as the largest datagram, recvfrom(65535).",
  "check_fix.md5":
    "Fix: hash what you received with hashlib.md5 and compare it with header['md5'] before keeping the file.",
  "check_fix.stderr": "Fix: total_size = len(stdout) + len(stderr).",
  "check_fix.chars":
    "Fix: count the bytes sent, total_size = len(body) where body is the bytes (res.encode('utf-8')), not the str.",

  "check_way.plain": "plain",
  "check_way.stuck": "stuck",
  "check_way.split": "split",
  "check_way.delayed": "delayed",
  "check_way.large": "large",

  "check_report.pass": "ok",
  "check_report.fail": "FAIL",
  "check_report.none": "—",
  "check_report.target": "target",
  "check_report.passed": "passed",
  "check_report.summary":
    "{check}: {targets} {targets|target|targets}, {cases} {cases|case|cases}: {passed} passed, {failed} failed",
  "check_report.summary_unreachable":
    "{check}: {targets} {targets|target|targets}, {cases} {cases|case|cases}: {passed} passed, {failed} failed; {unreachable} could not be reached",
  "check_report.not_run": "not run: the check was stopped before this case",
  "check_report.stopped":
    "{ran}; stopped before {not_run} more {not_run|case|cases}: not a whole check",

  // The web page's check: its form, and the table's hint.
  "check_page.new": "New check",
  "check_page.check": "Check",
  "check_page.targets": "Servers (one per line)",
  "check_page.extra": "More options",
  "check_page.start": "Check",
  "check_page.choose": "Choose a case in the table: a red one shows its conversation.",
} as const;
