/**
 * What servers and clients note as they run, in English: where they listen,
 * warnings, a behaviour's notes (chat, print, exec, save), a typed line not
 * sent. notes_zh.ts has exactly these keys; words_en.ts takes them in.
 */
export const NOTES_EN = {
  "note.listening": "Listening on {where}",
  "note.listening_member": "Listening on {where}, member of {group}",
  "note.loopback_only":
    "bound to {host} (this machine only); use {ipv4} or {ipv6} to accept other machines",
  "note.tls_certificate": "TLS certificate: {trust}",
  "note.tls_trust_ca_out": "clients verify it with --ca {file}",
  "note.tls_trust_signed": "clients verify it against the CA that signed it",
  "note.tls_trust_throwaway":
    "a throw-away CA signed it; write that CA with --ca-out FILE so clients can verify it",
  "note.tls_cert_is_ca":
    "WARNING: --cert is a CA certificate (basicConstraints CA:TRUE, as `openssl req -x509` makes by default): TLS clients built on rustls (framecat's among them) refuse it as a server's own; make it with -addext basicConstraints=critical,CA:FALSE, or leave out --cert and --key for a throw-away one (--ca-out FILE for clients)",
  "note.insecure":
    "WARNING: --insecure: the certificate of {endpoint} is not verified; anyone on the path can read and change this connection",
  "note.exec_public":
    "WARNING: --exec-public on {host}: anyone who can reach this server runs any command here, as this user",
  "note.forged_self": "A datagram came from our own address (a forged source): we never answer it",
  "note.reply_rate":
    "Replies to {peer} passed {max} a second: a peer's datagrams past that go unanswered until the next second (a reply loop between two servers, or a flood); said once",
  "note.accept_failed": "Cannot accept: {error}; waiting and accepting again",
  "note.accepting_again": "accepting again after {failures} failed {failures|attempt|attempts}",
  "note.max_conns": "refused {peer}: --max-conns {max} reached",
  "note.in_flight": "too many messages in progress: dropped one",
  "prefix.too_long":
    "Cannot write the length {length} as --prefix {prefix}: expected 0 to {capacity}",
  "note.server_swaps":
    "the server answered your message (its length in {prefix}), so it likely read that length right; then it writes its own in {other}: it packs with another struct format than it unpacks ('!I' and 'i'), and the server is what needs fixing (--prefix {other} would spoil the lengths it reads right)",
  "note.peer_half_closed":
    "the peer has finished sending (end of file), and may still be reading: what is left to send goes on",
  "note.send_newlines":
    "--send {n} holds a newline: with line framing the peer reads it as {lines} messages",
  "note.line_refused": "line {n}: {why}",
  "note.line_not_sent": "line {n} not sent: {why}",
  "note.line_not_utf8":
    "it is not UTF-8 text (byte {at} is {byte}), and lines are read as UTF-8 or in --encoding; name the file's encoding (--encoding gbk), convert it (iconv -f GBK -t UTF-8), or send its bytes as they are with --framing raw",
  "note.line_too_long":
    "it is longer than {mib} MiB, the longest line read; send a file whole with --send-file, or its bytes as they come with --framing raw",
  "note.no_such_peer": "no peer {name} is connected (connected: {here})",
  "note.no_peer_at_all": "{name} is not connected, and no peer is",
  "note.no_peer_line": "no peer connected: line not sent",
  "note.nobody_in_chat": "nobody is in the chat: line not sent",
  "note.stdin": "stdin: {error}",
  "note.dropped_unread": "{peer} was dropped: it let {bytes} bytes wait unread",
  "note.chat": "{peer} {what}; {online} in the chat",
  "note.chat_join": "joined",
  "note.chat_quit": "left (quit)",
  "note.chat_gone": "left (disconnected)",
  "note.chat_expire": "was dropped after {seconds} s of silence",
  "note.chat_overflow": "was dropped: its queue stayed full ({bytes} bytes unread) for {seconds} s",
  "note.chat_full":
    "was turned away: the chat is full ({members} members); others are turned away silently until there is room",
  "note.chat_too_long":
    "a {bytes}-byte chat message was not passed on: with its sender's name, a member's queue holds {max} bytes of message at most",
  "note.udp_sending": "sending to {to} from {local} {how}",
  "note.udp_member":
    "as a member of {group}: every member's reply and message is shown, apart by address",
  "note.udp_broadcast": "by broadcast: every host's reply is shown, apart by address",
  "note.udp_plain": "(UDP has no connection: only a reply shows that a server is there)",
  "note.udp_silent_since":
    "no reply from {to} in the {s} s since the last message went: nobody may be listening there, or it does not answer (UDP does not tell which)",
  "note.udp_silent":
    "no reply from {to} within {ms} ms: nobody may be listening there, or it does not answer (UDP does not tell which)",
  "checksum.xor8": "XOR of every byte (BCC)",
  "checksum.lrc": "Modbus ASCII LRC: the two's complement of the byte sum",
  "checksum.sum8": "the byte sum, modulo 256",
  "checksum.sum16": "the byte sum, modulo 65536",
  "note.checksum_line":
    "--checksum with line framing: {checksum} is binary, and a byte of it that is a newline (0x0a) ends the line there, cutting the message in two; --framing len keeps binary checksums whole",
  "note.checksum_raw":
    "--checksum with raw framing: each read is checked as if it were a message, so a message split or stuck across reads fails its {checksum} (a framing such as --framing len keeps messages whole)",
  "note.checksum_short": "message #{n} is {bytes} B, too short for its {size}-byte {checksum}",
  "note.checksum_wrong": "message #{n} ends with {got}, but its {checksum} is {expected}",
  "note.checksum_wrong_hint":
    "message #{n} ends with {got}, but its {checksum} is {expected}; {hint}",
  "hint.checksum_high_first":
    "{got} is its {checksum} with the bytes the other way round: the peer sends the high byte first (Python's struct.pack('{code}')); fix the peer, or read it that way with --checksum {option}",
  "hint.checksum_low_first":
    "{got} is its {checksum} with the bytes the other way round: the peer sends the low byte first (Python's struct.pack('{code}')); fix the peer, or read it that way with --checksum {option}",
  "hint.checksum_other":
    "{got} is its {other}: the peer computes another checksum; check its parameters, or try --checksum {other}",
  "note.seed": "seed {seed} (repeat with --seed {seed})",
  "note.rule_failed": "rule {rule}: {why}",
  "note.rule_left": "its answer was not sent: the peer left during its {delay} ms delay",
  "note.rule_delayed": "{max} answers are waiting out their delay: not answered",
  "note.exec_cannot_run": "exec {command}: cannot run the command: {error}",
  "note.exec_killed": "exec {command}: killed after {seconds} s (--exec-timeout)",
  "note.exec_stopped": "exec {command}: killed, as the server is stopping",
  "note.exec_client_gone": "exec {command}: killed, as its client's connection ended",
  "note.exec_not_run": "exec {command}: not run, as its client's connection ended",
  "note.exec_ran": "exec {command}: exit {code}, {bytes} bytes",
  "note.exec_ran_cut": "exec {command}: exit {code}, {bytes} bytes, cut to {max}",
  "save.ended_after": "the connection ended after {written} of {size} bytes",
  "save.ended_mid_frame": "the connection ended mid-frame: {error}",
  "save.closed_after": "the connection closed after {written} of {size} bytes: nothing saved",
  "save.too_big": "total_size {size} exceeds --max-file ({max} bytes)",
  "save.md5_number": "md5 not checked: the header's md5 is a number, not a 32-digit hex digest",
  "save.md5_unchecked": "md5 not checked: the header's md5 {md5} is not a 32-digit hex digest",
  "save.cannot_create_dir": "Cannot create --dir {dir}: {error}",
  "save.cannot_create": "cannot create a file in --dir: {error}",
  "save.receiving": "receiving {name} ({size} bytes)",
  "save.cannot_write": "cannot write it: {error}",
  "save.cannot_save": "cannot save it: {error}",
  "save.saved": "saved {name} ({size} bytes, md5 {md5}) as {path}",
  "save.refused": "refused {file}: {error}",
  "save.not_saved": "{file} not saved: {error}",
  "save.no_name": "a file whose header names none (no file_name)",
  "save.leftovers":
    "removed {count} temporary {count|file|files} from {dir}: left by a server stopped mid-file (kill -9, a crash)",
  "save.exists": "{name} already exists on the server (serve --overwrite replaces files)",
  "name.empty": "it is empty",
  "name.directory": "it names a directory",
  "name.has_dir": "it has a directory part (only the base name is used, without / or \\)",
  "name.surrogate": "it holds a lone surrogate (not text)",
  "name.control": "it holds a control character (C0 or C1)",
  "name.format": "it holds a format character (bidi override, zero-width, line separator)",
  "name.trailing": "it ends with a dot or a space",
  "name.device": "it is a device name on Windows",
  "name.reserved": 'it holds one of < > : " | ? *',
  "name.long": "it is longer than {max} bytes",
  "name.not_string": "file_name must be a string, got {got}",
  "name.not_plain": "file_name {name} is not a plain file name: {why}",
  "reply.budget":
    "Cannot reply: {held} bytes of replies wait for peers that have not read them, and this {size}-byte one would pass the {limit} bytes all replies may hold together ({n} × --max-frame)",
  "reply.too_large":
    "Cannot reply: the {behavior} reply is {size} bytes, over --max-frame ({max} bytes)",
  "reply.answer_too_large":
    "Cannot answer: the reply would be {size} bytes, over --max-frame ({max} bytes)",
  "tls.server_silent": "is the server speaking TLS? (for a plain one use tcp://)",
  "tls.stopped_waiting": "stopped waiting",
  "tls.no_handshake": "no TLS handshake within {seconds} s: {why}",
  "tls.ca_out": "Cannot write --ca-out {file}: {error}",
  "usage.demo": 'Cannot run the demo "{name}": expected one of {names}, or all',
  "usage.checksum_order": 'Cannot use "{text}": write NAME, NAME:be or NAME:le',
  "usage.scenario_large": "Cannot use the scenario {file}: it is larger than 1 MiB",
  "usage.scenario_read": "Cannot read the scenario {file}: {error}",
  "usage.no_targets": "Cannot check: {file} names no targets",
  "usage.many_targets": "Cannot check more than {max} targets at once",
  "usage.target_twice": 'Cannot check "{name}" twice',
  "web.demo_over": "the demo is over; its page stays open until Ctrl-C",
  "web.check_over": "the check is over; its page stays open until Ctrl-C",
  "web.open": "framecat web: open {url}",
  "web.public":
    "warning: the page listens on {host}: anyone who reaches it with the token can run commands on this machine",
  "send_file.udp":
    "Cannot send {path} over UDP: it has {size} bytes, a datagram holds at most {max}; use tcp://",
  "send_file.refused": "The server refused {name}: {error}",
  "send_file.cut": "Cannot send {name}: the connection ended after {sent} of {size} bytes",
  "send_file.stopped": "Stopped sending {name}: {sent} of its {size} bytes were sent",
  "send_file.saved": "the server saved {name} ({size} bytes)",
  "send_file.read": "Cannot read --send-file {path}: {error}",
  "send_file.not_file": "Cannot send {path}: it is not a regular file",
  "send_file.prefix": "Cannot send {path}: {size} bytes do not fit --prefix {prefix}",
  "send_file.shrank": "Cannot send {path}: it got shorter while it was being sent",
  "rule.cannot_use": 'Cannot use the rule "{source}": {why:lower}',
  "rule.no_option":
    '"{name}" is no rule option: end a rule with ; delay=MS or ; times=N (write ; as \\x3b in text)',
  "rule.twice": "{name} is given twice",
  "rule.no_arrow": "write MATCH => RESPONSE",
  "rule.empty_match": "the MATCH before => is empty (* matches any message)",
  "rule.delay": "delay={text} must be milliseconds (250, 250ms, 1.5s or 1m), at most {max}",
  "rule.times": "times={text} must be a whole number, 1 or more",
  "file.not_utf8":
    "line {line} is not UTF-8 text (byte {byte}): save the file as UTF-8 (iconv -f GBK -t UTF-8 FILE)",
  "file.too_large": "it holds more than {max} bytes",
  "file.not_regular": "it is not a regular file (a device, a FIFO or a directory)",
  "rule.file_read": "Cannot read the rules in {path}: {error}",
  "rule.at_line": "{at}: {error}",
  "rule.too_many": "Cannot add a rule: a run holds at most {max}",
  "rule.none": "no rule {id}",
  "pattern.cannot": 'Cannot read the pattern "{source}": {why}',
  "pattern.flag": '"{bad}" is no flag here; the flags are {flags}',
  "pattern.re2":
    "{why} (regexes are matched by RE2, in time linear in the message: no backreferences, no lookaround)",
  "pattern.regex_end": "a regex ends with / (write text:{source} for text)",
  "response.captures_none":
    'Cannot use {written} in "{source}": the pattern captures nothing ($0 is the whole message)',
  "response.captures": 'Cannot use {written} in "{source}": the pattern captures $1 to ${captures}',
  "response.hex_dollar": 'Cannot use $$ in "{source}": a hex response writes $ as 24',
  "hex.cannot":
    'Cannot read the hex "{shown}": {why} at character {at}; write bytes as 68656c6c6f, 68 65, 68:65, 0x68,0x65 or \\x68\\x65',
  "hex.no_digits": '"{written}" has no digits after it',
  "hex.odd": '"{written}" has an odd number of digits ({digits}): a byte is two, like 0f',
  "hex.lone_question": 'a lone "?" (one unknown byte is ??)',
  "hex.not_digit": '"{c}" is not a hex digit',
  "encoding.unwritable":
    '"{ch}" ({code}) cannot be written in {encoding} (--encoding): framecat does not send it as "?"',
  "escape.cannot":
    'Cannot read the escape "{written}" at character {at}: use \\r, \\n, \\t, \\0, \\\\ (a backslash) or \\xHH',
  "exec.any_user":
    "WARNING: --exec-any-user: every local user who can reach this port runs commands as you",
  "exec.owners_unknown":
    "WARNING: this system cannot tell which user a peer is: any local user who can reach this port runs commands as you; serve exec on a unix socket (unix:PATH) to keep them out",
  "exec.other_user":
    "refused {peer}: its socket belongs to uid {owner}, not to ours ({uid}); --exec-any-user lets every local user run commands",
  "exec.forged": "refused {peer}: no socket of this machine is there (a forged source?)",
  "targets.plain_only": "Cannot check {text}: check speaks plain TCP, unix sockets and UDP",
  "targets.udp_only": "Cannot check {text} with {check}: it checks UDP servers (udp://…)",
  "targets.tcp_only": "Cannot check {text} with {check}: it checks TCP servers",
  "targets.at": "{path} line {line}",
  "targets.line":
    'Cannot read {at}: write NAME ENDPOINT, like "alice 192.168.1.21:9000" (got "{line}")',
  "targets.name_twice": 'Cannot read {at}: the name "{name}" is already on line {before}',
  "targets.too_many": "Cannot read {path}: it names more than {max} targets",
  "targets.file": "Cannot read the targets file {path}: {why}",
  "targets.not_file": "it is not a file",
  "targets.large": "it is larger than 1 MiB",
  "targets.not_utf8": "it is not UTF-8 text",
  "scenario.cannot": "Cannot use the scenario {path}: {why}",
  "scenario.not_json": "it is not JSON ({error})",
  "scenario.it": "it",
  "scenario.no_field": '{where} has no field "{other}" (the fields are {fields})',
  "scenario.choice": "{field} is {value}: write one of {choices}",
  "scenario.whole": "{field} is {value}: write a whole number from {min} to {max}",
  "scenario.object": "write a JSON object with steps",
  "scenario.name": "name is {value}: write the check's name as text",
  "scenario.large_missing":
    'ways has large: write its conversation in "large", with a send of more than {n} bytes',
  "scenario.large_short": 'large sends nothing longer than {n} bytes: use "repeat" to make one',
  "scenario.prefix_text": 'prefix is {value}: write it as text, like "i"',
  "scenario.at": "{where}: {error}",
  "scenario.ways": 'ways is {value}: write a list, like ["plain", "stuck"]',
  "scenario.split_udp":
    "ways has split, which cuts a TCP stream: a UDP datagram is never cut in pieces",
  "scenario.steps": "{field} is {value}: write a list of steps",
  "scenario.many_steps": "{field} has more than {max} steps",
  "scenario.step_object": '{where} is not an object, like {"send": "hello"}',
  "scenario.step_kind": "{where} must hold exactly one of {kinds}",
  "scenario.expect": "{where} is {value}: write a pattern",
  "scenario.boolean": "{where} is {value}: write true or false",
  "scenario.close": "{where}.close must be true",
  "scenario.text": "{where} is {value}: write it as text",
  "scenario.too_long": "{where} sends more than {max} bytes",
  "scenario.header": "{where}.header takes a JSON object, and only with json framing",
  "time.too_long":
    "Cannot format the time: the reply would be over --max-frame ({max} bytes) at {directive}",
  "usage.checksum_name":
    'Cannot use the checksum "{name}": the names are {names} (or the RevEng catalogue\'s, like CRC-16/MODBUS)',
  "usage.checksum_one_byte": 'Cannot use "{text}": {name} is one byte, it has no byte order',
  "usage.encoding":
    'Cannot use the encoding "{label}": use a WHATWG label framecat can write: {labels}',
  "usage.encoding_like":
    'Cannot use the encoding "{label}" (did you mean {like}?): use a WHATWG label framecat can write: {labels}',
  "usage.encoding_read_only":
    'Cannot use the encoding "{label}" ({name} can be read but not written): use a WHATWG label framecat can write: {labels}',
  "tls.cert_key": "Cannot use --cert/--key: {error}; give a PEM certificate and its own key",
  "tls.key_mismatch": "the key is not the certificate's (their public keys differ)",
} as const;
