/**
 * What `--output text` says about each event, in English (lib/display/
 * text_line.ts and the relay's lib/relay/text.ts put them together). The
 * page's rows use words_en.ts's `ev.*` and `closed.*` for the same things.
 * lines_zh.ts has exactly these keys; words_en.ts takes them in.
 */
export const LINES_EN = {
  "line.read": "read #{n} {content}",
  "line.read_unnumbered": "read {content}",
  "line.truncated": "{line} TRUNCATED: the datagram had {size} B, {lost} B lost",
  "line.frame": "frame #{n} {content} (completed by read #{read})",
  "line.frame_split": "frame #{n} {content} (split across reads #{first}–#{last})",
  "line.sent": "sent {content}",
  "line.sent_alone": "{line} in write #{write} alone",
  "line.sent_with": "{line} in write #{write} with {others} other {others|message|messages}",
  "line.by_rule": "{line} (rule {rule})",
  "line.on_wire": "{line} ({wire} B on the wire)",
  "line.sent_file": "sent file {file}: {total}",
  "line.sent_file_part": "sent file {file}: only {done} of {total}",
  "line.file_on_wire": "{line}, {wire} B on the wire",
  "line.fingerprint": "{line}, certificate SHA-256 {fingerprint}",
  "line.member": "{line}, member of {group}",
  "group.on": "group {group} on {iface}",
  "group.on_default": "group {group} on the system's default interface",
  "group.cannot_join": "Cannot join the {on}: {error}",
  "group.hint":
    "choose an interface with --iface (or add a multicast route); the interfaces here are {interfaces}",
  "group.no_iface": 'Cannot find the interface "{spec}" (--iface)',
  "group.iface_no_v4": "Cannot use the interface {name} (--iface): it has no IPv4 address",
  "group.iface_no_v6":
    "Cannot use the interface {name} (--iface): it has no IPv6 link-local address",
  "group.interfaces_here": "the interfaces here are {interfaces}",
  "group.no_interfaces": "none",
  "demo.too_long": "The demo {demo} did not finish within {seconds} s",
  "demo.too_long_hint": "loopback traffic is blocked, or the machine is very busy",
  "demo.loopback_blocked":
    "The demo {demo} cannot start: a connection to 127.0.0.1 got no answer within {seconds} s",
  "demo.loopback_blocked_hint":
    "loopback traffic does not get through: a firewall rule on lo, or lo is down (ip link set lo up)",
  "demo.loopback_failed": "The demo {demo} cannot start: a connection to 127.0.0.1 failed at once",
  "demo.loopback_refused": "The demo {demo} cannot start: a connection to 127.0.0.1 was refused",
  "demo.loopback_udp_blocked":
    "The demo {demo} cannot start: a UDP datagram sent to 127.0.0.1 did not arrive within {seconds} s",
  "tls.agreed": "{protocol} {cipher}",
  "tls.verified": "certificate verified for {name}",
  "tls.unverified": "certificate not verified (--insecure)",
  "tls.alpn": "ALPN {alpn}",
  "line.header": "{line}, JSON header {header}",
  "line.closed": "{closed}: {why}",
  "line.traffic":
    "received {bytes_in} in {reads} {reads|read|reads}, sent {bytes_out} in {sends} {sends|send|sends}",
  "line.traffic_frames":
    "received {bytes_in} in {reads} {reads|read|reads} ({frames} {frames|frame|frames}), sent {bytes_out} in {sends} {sends|send|sends}",
  "line.error": "error: {message}",
  "line.error_hint": "error: {message} ({hint})",
  "line.fault": "fault {fault}",
  "line.report": "report: {message}",
  "line.checksum": "checksum WARNING: {message}",
  "line.check_passed": "check passed {target} {way}",
  "line.check_failed": "check FAILED {target} {way}: {message}",
  "line.stats": "stats",
  "line.stats_serve":
    "stats: {connections} {connections|connection|connections}, {errors} {errors|error|errors}; {traffic}",
  "line.stats_serve_refused":
    "stats: {connections} {connections|connection|connections} ({refused} refused: --max-conns), {errors} {errors|error|errors}; {traffic}",
  "line.stats_connect": "stats: {traffic}",
  "line.stats_udp": "stats: {peers} {peers|peer|peers}, {errors} {errors|error|errors}; {traffic}",
  "line.stats_web": "stats: {sessions} {sessions|session|sessions}",
  "line.with": "{line}; {then}",
  "line.list": "{first}, {rest}",
  "line.rule_hits": "rule {rule} answered {hits} {hits|time|times}",
} as const;
