/** `--output text` 对每个事件的说法（中文）。键与 lines_en.ts 一一对应。 */
import type { LINES_EN } from "./lines_en.ts";

export const LINES_ZH: Record<keyof typeof LINES_EN, string> = {
  "line.read": "读取 #{n} {content}",
  "line.read_unnumbered": "读取 {content}",
  "line.truncated": "{line} 被截断：数据报原有 {size} B，丢了 {lost} B",
  "line.frame": "消息 #{n} {content}（在读取 #{read} 收齐）",
  "line.frame_split": "消息 #{n} {content}（拆在读取 #{first}–#{last} 里）",
  "line.sent": "发送 {content}",
  "line.sent_alone": "{line}（第 {write} 次写，单独发出）",
  "line.sent_with": "{line}（第 {write} 次写，和另外 {others} 条一起发出）",
  "line.by_rule": "{line}（规则 {rule}）",
  "line.on_wire": "{line}（实际发出 {wire} B）",
  "line.sent_file": "发送文件 {file}：{total}",
  "line.sent_file_part": "发送文件 {file}：只发出了 {done}，共 {total}",
  "line.file_on_wire": "{line}，实际发出 {wire} B",
  "line.fingerprint": "{line}，证书的 SHA-256 指纹 {fingerprint}",
  "line.closed": "{closed}：{why}",
  "line.traffic": "收到 {bytes_in}，读取 {reads} 次；发出 {bytes_out}，发送 {sends} 次",
  "line.traffic_frames":
    "收到 {bytes_in}，读取 {reads} 次，共 {frames} 条消息；发出 {bytes_out}，发送 {sends} 次",
  "line.error": "错误：{message}",
  "line.error_hint": "错误：{message}（{hint}）",
  "line.fault": "故障 {fault}",
  "line.report": "报告：{message}",
  "line.checksum": "校验和警告：{message}",
  "line.check_passed": "检查通过 {target} {way}",
  "line.check_failed": "检查未通过 {target} {way}：{message}",
  "line.stats": "统计",
  "line.stats_serve": "统计：{connections} 个连接，{errors} 个错误；{traffic}",
  "line.stats_serve_refused":
    "统计：{connections} 个连接（{refused} 个因 --max-conns 被拒），{errors} 个错误；{traffic}",
  "line.stats_udp": "统计：{peers} 个对端，{errors} 个错误；{traffic}",
  "line.stats_web": "统计：{sessions} 个会话",
  "line.with": "{line}；{then}",
  "line.list": "{first}，{rest}",
  "line.rule_hits": "规则 {rule} 回复了 {hits} 次",
};
