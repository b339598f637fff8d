/**
 * What flood and sink say, in English: their announcements, their reports
 * (iperf3-like lines of figures, two spaces apart), their verdicts and their
 * progress line. traffic_zh.ts has exactly these keys; words_en.ts takes them in.
 */
export const TRAFFIC_EN = {
  "traffic.spaced": "{first}  {rest}",
  "traffic.stream": "stream {stream} {line}",
  "flood.announce": "flooding {to} with stream {stream}: {what} {pace}",
  "flood.announce_rtt": "flooding {to} with stream {stream}: {what} {pace}, measuring round trips",
  "flood.tcp_count": "{bytes} in {count} {count|write|writes} of {size} bytes",
  "flood.tcp_duration": "{size}-byte writes for {seconds} s",
  "flood.udp_count": "{count} {count|datagram|datagrams} of {size} bytes",
  "flood.udp_duration": "{size}-byte datagrams for {seconds} s",
  "flood.at": "at {rate}",
  "flood.at_per_second": "at {rate}/s",
  "flood.fast": "as fast as possible",
  "flood.stopped_connecting": "stopped before {to} answered: nothing was sent",
  "flood.stuck":
    "Cannot finish the flood: {peer} did not take the last write within --wait ({grace} s) after --duration ended (it stopped reading, or reads too slowly); {bytes} bytes went, and the sink gets no trailer to check them by",
  "flood.stuck_stopped":
    "stopped while {peer} was not taking what was written: {bytes} bytes went, the last write still waited after --wait ({grace} s), so the sink gets no trailer to check them by",
  "flood.cut_short": "Cannot finish the flood: {peer} closed the connection after {bytes} bytes",
  "flood.tcp_sent": "sent {readable} ({bytes} bytes) in {seconds} s  {bits}",
  "flood.udp_sent":
    "sent {sent} {sent|datagram|datagrams} of {size} bytes in {seconds} s  {pps} pkt/s  {bits}",
  "flood.echoed":
    "echoed {unique}/{sent}  lost both ways {lost} ({percent}%)  dup {dup}  out of order {ooo}  truncated {truncated}",
  "flood.rtt": "rtt p50 {p50}  p90 {p90}  p99 {p99}  max {max}",
  "flood.echoes_unknown":
    "{count} {count|echo|echoes} came back too short to carry the {header}-byte probe header (truncated): which probe each one echoed cannot be told, so {count|it counts|they count} as lost",
  "flood.echoes_untimed":
    "{count} {count|echo|echoes} came back too short to carry the {header}-byte probe header's send time (truncated): no round trip to measure",
  "flood.no_echo": "no echo came back",
  "flood.progress_tcp": "sent {readable} to {peer}",
  "flood.progress_udp": "sent {sent} {sent|datagram|datagrams} to {peer}",
  "sink.interval": "{start}-{end} s  {readable}  {bits}",
  "sink.final": "final {seconds} s  {readable} ({bytes} bytes)  {bits}  {verdict}",
  "sink.intact": "intact: every byte matched",
  "sink.not_flood": "not verified (not flood traffic)",
  "sink.mismatch_at": "NOT intact: first mismatch at byte {at}",
  "sink.incomplete": "NOT intact: incomplete",
  "sink.incomplete_stopped": "incomplete: the sink was stopped before the flood ended",
  "sink.stopped_midway":
    "stopped while a flood was arriving, after {bytes} bytes: the rest never came",
  "sink.no_preamble":
    "the connection did not start with a flood preamble (FCAT): bytes counted, not verified",
  "sink.differs": "byte {at} differs from the pattern ({n} {n|byte differs|bytes differ} in all)",
  "sink.no_trailer": "the flood ended without its trailer after {bytes} bytes (stopped or cut off)",
  "sink.short": "the flood wrote {expected} bytes but {bytes} arrived",
  "sink.too_many":
    "Cannot follow more than {max} floods at once: datagrams of further streams are ignored",
  "sink.stream_from": "flood stream {stream} from {peer}",
  "sink.no_end_marker":
    "no end marker arrived from stream {stream}: the flood was stopped or its markers were lost; sent is taken as the highest sequence number seen + 1 ({sent}), so datagrams lost at the very end are not counted",
  "sink.no_flood": "no flood came: nothing was measured",
  "sink.ignored":
    "{count} {count|datagram|datagrams} from {peer} {count|was not a flood probe|were not flood probes} (or {count|was|were} cut before {count|its|their} sequence number) and {count|was|were} ignored",
  "sink.span": "{start}-{end} s",
  "sink.pps": "{pps} pkt/s",
  "sink.jitter": "jitter {ms}",
  "sink.received":
    "received {received} (unique {unique}, dup {dup}, out of order {ooo}, truncated {truncated})",
  "sink.missing": "missing {missing}",
  "sink.final_span": "final {seconds} s",
  "sink.sent": "sent {sent}",
  "sink.sent_no_marker": "sent {sent} (no end marker)",
  "sink.malformed": "malformed {n} (not counted)",
  "sink.lost": "lost {lost}/{sent} ({percent}%)",
  "sink.progress_tcp": "{n} {n|connection|connections}, {readable} received and verified",
  "sink.progress_udp":
    "{open} {open|stream|streams} open, {done} done, {received} {received|datagram|datagrams} received",
  "send_file.progress": "{label} [{bar}] {percent}% {done}/{total}",
  "send_file.progress_short": "{label} {percent}%",
  "send_file.md5": "md5",
  "send_file.send": "send",
} as const;
