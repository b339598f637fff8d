/** flood 和 sink 的说法（中文）。键与 traffic_en.ts 一一对应。 */
import type { TRAFFIC_EN } from "./traffic_en.ts";

export const TRAFFIC_ZH: Record<keyof typeof TRAFFIC_EN, string> = {
  "traffic.spaced": "{first}  {rest}",
  "traffic.stream": "流 {stream} {line}",
  "flood.announce": "向 {to} 发送流 {stream}：{what}，{pace}",
  "flood.announce_rtt": "向 {to} 发送流 {stream}：{what}，{pace}，并测量往返时间",
  "flood.tcp_count": "{bytes}，分 {count} 次写，每次 {size} 字节",
  "flood.tcp_duration": "每次写 {size} 字节，持续 {seconds} 秒",
  "flood.udp_count": "{count} 个数据报，每个 {size} 字节",
  "flood.udp_duration": "每个数据报 {size} 字节，持续 {seconds} 秒",
  "flood.at": "速率 {rate}",
  "flood.at_per_second": "每秒 {rate} 个",
  "flood.fast": "尽可能快",
  "flood.stopped_connecting": "在 {to} 应答前就停止了：什么也没发",
  "flood.stuck":
    "无法发完：--duration 结束后 --wait（{grace} 秒）内 {peer} 没有收下最后一次写（它不再读取，或读得太慢）；已发出 {bytes} 字节，接收端拿不到用来核对的结尾标记",
  "flood.stuck_stopped":
    "已停止，当时 {peer} 没有收下写出的数据：已发出 {bytes} 字节，最后一次写等了 --wait（{grace} 秒）仍未完成，所以接收端拿不到用来核对的结尾标记",
  "flood.cut_short": "无法发完：{peer} 在收到 {bytes} 字节后关闭了连接",
  "flood.tcp_sent": "发出 {readable}（{bytes} 字节），用时 {seconds} 秒  {bits}",
  "flood.udp_sent":
    "发出 {sent} 个数据报，每个 {size} 字节，用时 {seconds} 秒  每秒 {pps} 个  {bits}",
  "flood.echoed":
    "回显 {unique}/{sent}  往返共丢失 {lost}（{percent}%）  重复 {dup}  乱序 {ooo}  被截断 {truncated}",
  "flood.rtt": "往返时间 p50 {p50}  p90 {p90}  p99 {p99}  最大 {max}",
  "flood.echoes_unknown":
    "收到 {count} 个回显，但短得装不下 {header} 字节的探测报头（被截断）：分不出各是哪个探测包的回显，只能算作丢失",
  "flood.echoes_untimed":
    "收到 {count} 个回显，但短得装不下 {header} 字节探测报头里的发送时间（被截断）：无法测量往返时间",
  "flood.no_echo": "没有收到任何回显",
  "flood.progress_tcp": "已向 {peer} 发出 {readable}",
  "flood.progress_udp": "已向 {peer} 发出 {sent} 个数据报",
  "sink.interval": "{start}-{end} 秒  {readable}  {bits}",
  "sink.final": "总计 {seconds} 秒  {readable}（{bytes} 字节）  {bits}  {verdict}",
  "sink.intact": "完整：每个字节都对得上",
  "sink.not_flood": "未校验（不是 flood 的流量）",
  "sink.mismatch_at": "不完整：第一个不一致的字节在 {at}",
  "sink.incomplete": "不完整：没有收全",
  "sink.no_preamble": "这个连接开头不是 flood 的前导（FCAT）：字节计入了，但没有校验",
  "sink.differs": "第 {at} 字节与预期的内容不同（共有 {n} 字节不同）",
  "sink.no_trailer": "flood 在 {bytes} 字节后结束，没有结尾标记（被停止或被切断）",
  "sink.short": "flood 写了 {expected} 字节，但只到了 {bytes} 字节",
  "sink.too_many": "无法同时跟踪超过 {max} 个 flood：更多的流的数据报被忽略",
  "sink.stream_from": "来自 {peer} 的 flood 流 {stream}",
  "sink.no_end_marker":
    "流 {stream} 没有收到结束标记：flood 被停止了，或标记丢了；发送数按见到的最大序号 + 1 计（{sent}），所以最末尾丢失的数据报没有计入",
  "sink.no_flood": "没有收到 flood 的流量：没有可测量的内容",
  "sink.ignored":
    "来自 {peer} 的 {count} 个数据报不是 flood 的探测包（或在序号之前就被截断了），已忽略",
  "sink.span": "{start}-{end} 秒",
  "sink.pps": "每秒 {pps} 个",
  "sink.jitter": "抖动 {ms}",
  "sink.received": "收到 {received}（不重复 {unique}，重复 {dup}，乱序 {ooo}，被截断 {truncated}）",
  "sink.missing": "缺 {missing}",
  "sink.final_span": "总计 {seconds} 秒",
  "sink.sent": "发送 {sent}",
  "sink.sent_no_marker": "发送 {sent}（没有结束标记）",
  "sink.malformed": "格式不对 {n}（不计入）",
  "sink.lost": "丢失 {lost}/{sent}（{percent}%）",
  "sink.progress_tcp": "{n} 个连接，已收到并校验 {readable}",
  "sink.progress_udp": "{open} 个流进行中，{done} 个已结束，收到 {received} 个数据报",
  "send_file.progress": "{label} [{bar}] {percent}% {done}/{total}",
  "send_file.progress_short": "{label} {percent}%",
  "send_file.md5": "计算 md5",
  "send_file.send": "发送",
};
