/**
 * Failures in English: what could not be done, the system's reason, and the
 * hint that usually fixes it. `os.*` is the system's reason by its kind: in
 * English the system's own words (`{text}`), in Chinese what it means.
 * errors_zh.ts has exactly these keys; words_en.ts takes them in.
 */
export const ERRORS_EN = {
  "text": "{text}",
  "error.with_hint": "{error}; {hint}",
  "error.internal": "internal error (please report it): {error}",
  "error.connection_failed": "connection failed: {why}",
  "error.read_failed": "read failed: {why}",
  "error.too_few": "got {got} of {expected} messages",
  "error.too_few_bytes": "got {got} of {expected} bytes",
  "error.checksums":
    "{n} {n|message|messages} that came back failed {n|its|their} {checksum} check (the warnings above): exit 3",
  "error.lost_after_close":
    "the peer had closed the connection, not only its sending: the {bytes} B sent after its end of file never reached it",
  "error.sends_short":
    "only {went} of the {planned} --send messages went: the peer closed the connection before the rest",
  "error.no_match": 'no message matched "{pattern}" (got {n} {n|message|messages})',
  "error.ack_stopped":
    'sent "{file}" ({size} bytes), and stopped before the server acknowledged it; it may not have saved it',
  "error.no_ack":
    'sent "{file}" ({size} bytes), but the server sent no acknowledgement within {seconds} s (--wait); it may not have saved it',
  "error.ack_closed":
    'sent "{file}" ({size} bytes), but the server closed the connection without an acknowledgement; it may not have saved it',
  "error.ack_reset":
    'sent "{file}" ({size} bytes), but the server reset the connection without an acknowledgement; it may not have saved it',
  "error.ack_malformed":
    'sent "{file}" ({size} bytes), but the server\'s reply is not a json frame (the error above), so whether it saved it is unknown',
  "error.ack_other":
    'sent "{file}" ({size} bytes), but the server\'s reply is not an acknowledgement (a JSON "ok" of true or false): {what}; it may not have saved it',
  "ack.echo": "it sent the file back, as an echo server does",
  "ack.answered": "it answered {reply}",
  "error.not_tls": "the server is not speaking TLS",
  "error.not_tls_answered": "the server is not speaking TLS: it answered {answered}",

  "net.cannot": "Cannot {what}: {error}",
  "net.listen": "listen on {at}",
  "net.connect": "connect to {at}",
  "net.send": "send to {at}",
  "net.receive_udp": "receive on the UDP socket",
  "net.descriptors_full":
    "Cannot accept: Too many open files: {cap} {cap|link uses|links use} what ulimit -n allows; not listening until one ends",
  "net.tls_failed": "TLS with {peer} failed: {why}",
  "net.reset": "Connection to {peer} was reset",
  "net.accepting_again_link": "accepting again: a link ended",

  "hint.plain_server": "use tcp:// for a plain server",
  "hint.refused_udp":
    "nothing takes TCP there, but a UDP socket is bound to that port: connect {at}",
  "hint.refused": "is a server listening there? start one with: framecat {command} {at}",
  "hint.refused_unix":
    "no server is listening on that socket file (one that was killed left it?); start one with: framecat serve unix:{path}",
  "hint.in_use": "another program has that port; pick another or use port 0 for a free one",
  "hint.low_port": "ports below 1024 need root; pick a port above 1024",
  "hint.course_prefix":
    "nothing came back: a server written as the course writes it (struct.unpack('i'), a little-endian length) reads this big-endian length as a huge one and is still waiting for it; add --prefix i",
  "hint.reset": "the peer closed the connection abruptly",
  "hint.not_here": "that address is not on this machine; use 127.0.0.1 or 0.0.0.0",
  "hint.loopback_down": "the loopback interface is down: ip link set lo up",
  "hint.unreachable":
    "no route to that network; for a broadcast or group address, choose the interface with --iface",
  "hint.timed_out":
    "is the host up? (a full listen queue or a firewall also leaves a connection unanswered)",
  "hint.not_found": "check the host name or socket path",
  "hint.unix_check_path": "check the path: no server is listening there",
  "hint.unix_no_socket":
    "no server has made that socket file; start one with: framecat serve unix:{path}, or check the path",
  "hint.unix_no_folder":
    "the folder {dir} does not exist; create it, or pick a path in a folder that does",
  "net.unix_file": "it is a file, not a socket",
  "net.unix_dir": "it is a directory, not a socket",
  "hint.unix_taken": "framecat leaves it as it is: pick another path",
  "udp.reply_too_big":
    "the reply is {bytes} B, more than one UDP datagram holds ({max} B): not sent",
  "udp.message_too_big":
    "the message is {bytes} B, more than one UDP datagram holds ({max} B): not sent",
  "udp.framed_too_big":
    "the message is {payload} B ({bytes} B with its framing), more than one UDP datagram holds ({max} B): not sent",
  "hint.in_use_unix":
    "another server is listening on that socket file; pick another path, or stop that server",
  "hint.lookup": "check the host name (or use an address such as 127.0.0.1)",
  "hint.tls_unknown_issuer": "use --ca FILE, or --insecure to skip the check",
  "hint.tls_name":
    "connect by a name the certificate has, or say which name to check with --servername NAME",
  "hint.tls_expired":
    "renew the certificate (or check this machine's clock), or --insecure to skip the check",
  "hint.tls_not_yet": "check this machine's clock, or --insecure to skip the check",
  "hint.tls_untrusted":
    "the client does not trust this certificate: give it the CA (--ca-out FILE, then --ca FILE)",
  "hint.tls_refused":
    "the client refused this certificate: its own error says why (a name the certificate lacks, or a CA certificate used as a server's own)",
  "hint.tls_ca_as_server":
    "make it with -addext basicConstraints=critical,CA:FALSE, or let framecat make one (serve tls:// with no --cert, and --ca-out), or use --insecure",
  "hint.tls_alpn":
    "the two sides take no protocol in common (ALPN): compare this side's --alpn with the peer's",
  "hint.tls_alpn_offered":
    "the server takes none of the protocols offered (--alpn {list}): offer one it takes, or leave --alpn out",
  "hint.tls_alpn_reset":
    "the server reset the connection during the TLS handshake, as one that takes none of the protocols offered (--alpn {list}) may do: offer one it takes, or leave --alpn out",
  "hint.tls_alpn_taken":
    "the client offered none of the protocols this server takes (--alpn {list})",
  "hint.tls_hung_up":
    "the server closed the connection during the TLS handshake: a plain server (use tcp://), or one that wants a client certificate (--cert, --key)",
  "hint.tls_not_tls": "the peer is not speaking TLS: use tls:// on both sides",
  "hint.tls_echo":
    "the server sent our own ClientHello back: it is a plain echo server, use tcp://",
  "hint.tls_client_cert": "the server asks for a client certificate: give --cert FILE --key FILE",

  "os.refused": "{text}",
  "os.reset": "{text}",
  "os.aborted": "{text}",
  "os.not_connected": "{text}",
  "os.in_use": "{text}",
  "os.not_here": "{text}",
  "os.unreachable": "{text}",
  "os.timed_out": "{text}",
  "os.broken_pipe": "{text}",
  "os.unexpected_eof": "{text}",
  "os.write_zero": "{text}",
  "os.not_found": "{text}",
  "os.lookup": "{text}",
  "os.bad_certificate": "{text}",
  "os.ca_as_server":
    "invalid peer certificate: the server's certificate is a CA certificate (basicConstraints CA:TRUE, as `openssl req -x509` makes by default), which TLS here (rustls) refuses as a server's own",
  "os.cert_name":
    "invalid peer certificate: certificate not valid for name {name} (only for {names})",
  "list.or": "{some} or {last}",
  "list.comma": "{some}, {last}",
  "os.permission": "{text}",
  "os.not_allowed": 'framecat is not allowed {kind} access to "{what}"',
  "os.not_allowed_special":
    'framecat may not use "{what}": Deno opens paths under /proc, /dev and /sys only for a program allowed everything; choose a path elsewhere',
  "os.exists": "{text}",
  "os.is_dir": "{text}",
  "os.not_dir": "{text}",
  "os.bad_resource": "{text}",
  "os.interrupted": "{text}",
  "os.busy": "{text}",
  "os.not_supported": "{text}",
  "os.no_file": "{text}",
  "os.no_device": "{text}",
  "os.no_buffers": "{text}",
  "os.tls_alert": "{text}",
  "os.invalid_data": "{text}",
} as const;
