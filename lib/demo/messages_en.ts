/**
 * English narration of the demos. `{name}` is filled with a figure the phase
 * measured. messages_zh.ts must have exactly these keys (the type checker and
 * tests/demo_i18n_test.ts both hold it to that).
 */
export const EN = {
  "list.header": "Demos (framecat demo NAME runs one, framecat demo all runs them all):",

  "col.time": "time",
  "col.sender": "sender (writes)",
  "col.receiver": "receiver (reads)",
  "col.server": "server (writes replies)",
  "col.client": "client (sends commands, reads)",

  "tl.send": "send",
  "tl.read": "read",
  "tl.frame": "frame",
  "tl.row": "{label} #{n}  {size} B",
  "tl.cut": "{label} #{n}  {kept} of {size} B",
  "tl.together": "{label} → write #{n}  {size} B",
  "tl.burst": "{label} seq {range}: {count} × {size} B",
  "tl.more": "… {count} more like these, {bytes} B",

  "note.busy": "busy: not reading yet",
  "note.ready": "already waiting in recv()",
  "note.held": "held {ms} ms to leave as one write",
  "note.merged": "both messages in one read",
  "note.waiting": "{left} B still wait in the buffer",
  "note.leftover": 'starts with the {left} B left over from "{command}"',
  "note.cut": "the other {lost} B are gone",
  "note.next": "the next datagram, not the rest of the first",
  "note.md5": "md5 matches what was sent",
  "note.empty": "an empty message, 0 B",
  "note.nothing": "0 B: nothing goes on the wire",
  "note.lost": "{lost} lost: seq {ranges}",
  "note.rounds": "… {count} more rounds like these",

  "sticky.summary": "two sends arrive as one read (粘包, sticking)",
  "sticky.problem.heading":
    'The problem: the sender sends "hello", then "world". The receiver is busy and calls recv(65536) a moment later.',
  "sticky.problem.explain":
    'TCP is a byte stream: it keeps the bytes and their order, not the edges between send() calls. Both messages were already waiting in the receiver\'s buffer, so one recv() returned all {bytes} bytes at once: "{joined}". The receiver cannot tell where "hello" ends. This happens whenever the reader falls behind the writer (a slow or busy server); here it is made to happen on purpose by reading late. The sender can merge sends too (Nagle\'s algorithm): the other cause, `framecat demo nagle`.',
  "sticky.fix.heading":
    "The fix: length-prefix framing (`--framing len --prefix i`). Each message goes out as a 4-byte length, written as the course writes it with `struct.pack('i', n)` (little-endian: 5 is `05 00 00 00`), followed by its bytes.",
  "sticky.fix.explain":
    'The receiver again got everything in one read of {bytes} bytes, but the decoder reads a length, then exactly that many bytes, and finds {frames} messages: "hello" and "world". Framing does not stop bytes from sticking together; it makes that harmless.',

  "nagle.summary": "two small sends leave as one write: the sender merges them (粘包, cause 2)",
  "nagle.problem.heading":
    'The problem: the sender sends "hello", then "world" at once, both small. The receiver is already waiting in recv(65536), reading as fast as it can.',
  "nagle.problem.explain":
    'This time the receiver was not late: the sender merged the two small sends into one write of {bytes} bytes before they left, so they crossed as one segment and one recv() returned "{joined}". This is the course\'s second cause of sticking. Nagle\'s algorithm holds a small segment until the previous one is acknowledged and gathers what is sent meanwhile; here the sender holds its sends for {ms} ms, as `framecat connect --coalesce {ms}` does, so it happens on every run. TCP_NODELAY turns Nagle off, but nothing promises that sends stay apart: the receiver still cannot tell where "hello" ends.',
  "nagle.fix.heading":
    "The fix is the same as for the first cause: length-prefix framing (`--framing len --prefix i`, the course's `struct.pack('i', n)`). The sends are merged just the same.",
  "nagle.fix.explain":
    'One write, one read of {bytes} bytes, and the decoder finds {frames} messages: "hello" and "world". With framing it no longer matters who joined the bytes, the sender or the receiver.',

  "split.summary": "one 64 KiB send arrives as many reads (拆包, splitting)",
  "split.problem.heading":
    "The problem: the sender sends {size} bytes with one send(). The receiver reads with recv(1024), the course's buffer size.",
  "split.problem.explain":
    "One send() is not one message on the other side. recv(1024) returns at most 1024 bytes of whatever has arrived, so the {size} bytes came out as {reads} reads. A receiver that takes one recv() for one message sees {reads} messages here, each cut in the middle of a line. A bigger buffer does not cure it: TCP also delivers a long message in pieces as the network carries it.",
  "split.fix.heading":
    "The fix: send the length first (`--framing len --prefix i`, the course's `struct.pack('i', n)`), and read until that many bytes have arrived.",
  "split.fix.explain":
    "The reads are as small as before ({reads} of them), but the decoder read the 4-byte length ({size}) and kept collecting until every byte was there: one message of {size} bytes, with the same md5 as the one sent ({md5}). This is the course's loop: `while received < total_size: data += conn.recv(1024)`.",

  "exec-leftover.summary":
    "the remote-command server: a long output spills into the next command's reply",
  "exec-leftover.problem.heading":
    "The problem: the course's remote-command server with raw replies. The client sends a command, then reads the reply with one recv(1024). The commands are built into this demo, so the output is the same on every machine.",
  "exec-leftover.problem.explain":
    'The output of "{first}" is {size} bytes, but the client read only 1024, so {left} bytes stayed in the socket buffer. They came out first in the next recv(): the reply to "{second}" begins with the end of the listing. From now on every reply is shifted and the client is one step behind the server.',
  "exec-leftover.fix.heading":
    'The fix: a JSON header (`serve --send-framing json --prefix i`). The server sends the header\'s length as `struct.pack(\'i\', n)`, then `{"total_size": …, "md5": …, "exit_code": …}`, then the output; the client reads the header, then `recv(1024)` until total_size bytes have arrived.',
  "exec-leftover.fix.explain":
    'The client now knows how long each reply is: "{first}" took {reads} reads and came out as one message of {size} bytes with a matching md5; "{second}" came out whole and on its own. Nothing is left behind for the next command.',

  "udp-boundaries.summary":
    "UDP keeps message boundaries: datagrams are never merged, an empty one is a message",
  "udp-boundaries.udp.heading":
    'UDP: the sender sends "one", "two", "three" and an empty message. The receiver is busy and reads a moment later.',
  "udp-boundaries.udp.explain":
    "All {datagrams} datagrams waited in the receiver's buffer together, yet each recvfrom() returned exactly one of them: UDP keeps the edges of every send. The empty datagram arrived as a message of 0 bytes; on UDP that is a message, not an end (on TCP, a recv() that returns nothing means the peer has closed).",
  "udp-boundaries.tcp.heading": "Compare: the same four sends over TCP, read the same way.",
  "udp-boundaries.tcp.explain":
    'TCP merged them into one read of {bytes} bytes, "{joined}", and the empty send put nothing on the wire at all. UDP needs no framing to keep messages apart; what it does not protect against is truncation (`framecat demo udp-truncate`) and loss (`framecat demo udp-loss`).',

  "udp-truncate.summary": "a 1400-byte datagram read into 512 bytes: the rest is gone for good",
  "udp-truncate.problem.heading":
    "The problem: the sender sends a {size}-byte datagram, then a short one. The receiver reads with recvfrom(512).",
  "udp-truncate.problem.explain":
    'One read takes one whole datagram, and what does not fit is thrown away: recvfrom(512) returned the first {kept} bytes and the kernel threw away the other {lost}. The next read does not continue the datagram; it returns the next one, "{next}". Nothing waits for a second read, as it would on TCP. On Linux and macOS the cut is silent (Python on Windows raises an error instead); framecat reports it as `truncated`.',
  "udp-truncate.fix.heading":
    "The fix: read with a buffer as large as the largest datagram (--read-size 65536 holds any UDP datagram), or agree on a maximum size and keep every datagram under it.",
  "udp-truncate.fix.explain":
    "With a 65536-byte buffer the datagram arrived whole: {size} bytes. framecat's `len` and `json` framings over UDP also check each datagram against its own length, so a cut datagram is reported as an error instead of being taken for a message.",

  "udp-loss.summary":
    "a burst into a receiver that is not reading overflows its buffer: datagrams are lost",
  "udp-loss.problem.heading":
    "The problem: the sender sends {sent} numbered datagrams of {size} bytes as fast as it can. The receiver is busy and reads only afterwards.",
  "udp-loss.problem.explain":
    "A socket's receive buffer (SO_RCVBUF) holds only so many datagrams — here {received}. Every datagram that arrived while it was full was dropped by the kernel, with no error on either side. Counting by sequence number: {sent} sent = {received} received + {lost} lost ({lost_percent} %). UDP never tells the sender; only numbering the datagrams reveals the loss.",
  "udp-loss.fix.heading":
    "The fix: flow control. The sender sends {window} datagrams, then waits for the receiver's acknowledgement before it sends more, so the buffer never overflows.",
  "udp-loss.fix.explain":
    "Again {sent} datagrams, in {rounds} rounds of {window}: {received} received, {lost} lost. TCP does this for you (its window); over UDP you build it yourself or pace the sender, and on a real network you also number, acknowledge and resend, because datagrams are lost on the way too.",
  "udp-loss.relay.heading":
    "Loss on purpose: {sent} numbered datagrams through `framecat relay --loss {loss} --seed {seed}`, which drops about {loss} % of them. This time the receiver reads all along.",
  "udp-loss.relay.explain":
    "{sent} sent = {received} received + {lost} lost, and the relay says it dropped {dropped}: the counts add up. The missing ones are seq {lost_seqs}, and they are the same on every run, because every random choice comes from the seed. That is how to test a program's handling of loss repeatably; another seed gives another pattern.",
  // multicast (one to many): its own block, so other demos' lines merge apart.
  "note.copy": "receiver {member}: its own copy of the one send",
  "note.again": "for receiver {member}",
  "note.own": "receiver {member}, over its own connection",
  "multicast.summary": "one send to a UDP group reaches every member (一对多, one to many)",
  "multicast.group.heading":
    "One to many: three receivers join the group {group} on loopback. The sender sends one datagram to the group.",
  "multicast.group.explain":
    "{sends} send, {copies} reads: the network (here the loopback interface) copied the datagram to every socket that joined the group, and each receiver read a whole copy with its own recvfrom(). The sender did not know who was listening and sent nothing more. This is how a chat room without a server works (`framecat connect udp://239.1.2.3:5000` on each machine), and how discovery protocols find their peers. Broadcast (255.255.255.255 or a subnet's .255) does the same for every host on the link, joined or not.",
  "multicast.tcp.heading":
    "Compare: the same three receivers as TCP servers. TCP is one to one, so the sender connects to each of them.",
  "multicast.tcp.explain":
    "{copies} receivers cost {sends} connections and {sends} sends of the same bytes: a TCP sender copies the message itself, once per receiver, and the traffic grows with every one. What TCP gives back is reliability and order on each connection; a group's datagram, like any UDP datagram, may be lost on the way, and a member that was not listening never sees it.",
} as const;
