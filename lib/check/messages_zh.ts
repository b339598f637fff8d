/** framecat check 的中文说法：与 messages_en.ts 的键一一对应，`{name}` 处填入本次的内容。 */
import type { MessageKey } from "./messages_en.ts";

export const ZH: Record<MessageKey, string> = {
  "sent.one": "发送了 {a}",
  "sent.two": "发送了 {a} 和 {b}",
  "sent.many": "发送了 {n} 条消息：{list}",
  "how.stuck": "，连着发出，在同一个 TCP 段里",
  "how.stuck.datagram": "，连着发出",
  "how.split": "，每个字节单独一个 TCP 段",
  "how.delayed": "，并且晚 {ms} 毫秒才读回复，让服务端的多次 send 堆在一起",
  "how.large": "（{bytes} 字节，一次 recv(1024) 收不完）",

  "got.unreachable": "连接不上：{error}",
  "got.silent": "{s} 秒内没有任何回复",
  "got.once": "服务端只回了一次：{a}",
  "got.times": "服务端回了 {n} 次：{list}",
  "got.wrong": "服务端回的是 {got}，应该是 {expected}",
  "got.then.silent": "，之后 {s} 秒内再没有回复",
  "got.then.closed": "，然后关闭了连接",
  "got.then.reset": "，然后重置了连接（RST）",
  "got.closed": "服务端没有回复就关闭了连接",
  "got.reset": "服务端没有回复就重置了连接（RST）",
  "got.malformed": "回复无法解读：{error}",
  "got.flood": "服务端不停地发，超过了 {limit}",
  "got.error": "连接出错：{error}",

  "means.sticking": "它把一次 recv() 当成了一条消息（粘包）",
  "means.splitting": "它把一次 recv() 当成了一条消息，可一条消息可能要好几次 recv() 才收完（拆包）",
  "means.large": "它用一次 recv(1024) 读一条消息，后面的部分没读到（拆包）",
  "means.truncation":
    "UDP 的数据报要么整个收到，要么被截断：recvfrom(1024) 只留下 1024 字节，其余的永远丢了",
  "means.piled": "晚读时它的几条回复连在了一起，分不清哪条是哪条：回复也需要边界",
  "means.md5":
    "它收下了一个 md5 与报头不符的文件：它没有校验 md5，传输中损坏的文件也会被当成完整的保存下来",
  "means.stderr":
    "它报头里的 total_size 没有算上发出的全部内容（漏了 stderr？），多出的部分会被当成下一条回复的开头",
  "means.silent": "它在等永远不会来的字节，或者根本不回复",
  "means.closed": "它处理收到的数据时出了错（服务端抛出异常就会关闭套接字）",
  "means.reset":
    "它处理收到的数据时出了错（套接字里还有没读的数据就关闭，或设置了 SO_LINGER 0，都会发出重置）",
  "means.malformed": "它的回复没有按协议规定的格式分帧",
  "means.wrong": "它的回复不是协议要求的内容",
  "means.flood": "每个用例最多只读 {limit}",
  "means.unreachable": "服务端在运行吗？地址和端口对吗？",
  "means.error": "这个用例无法继续",
  "means.plainFailed": "正常发送时它也不对，所以问题不在字节怎么被切分",

  "fix.len":
    "改法：先读满 4 字节的长度（struct.unpack('i', …)），再循环 recv() 直到收够这么多字节；每条消息发送前先发 struct.pack('i', len)。",
  "fix.json": "改法：先读 4 字节的报头长度，再读报头，然后循环 recv() 直到收够 total_size 字节。",
  "fix.line": '改法：把 recv() 收到的内容存进缓冲区，按 "\\n" 切开：一行是一条消息，一次读取不是。',
  "fix.raw":
    "改法：循环调用 recv()，把收到的内容当成字节流：每收到一段就回一段（sendall），整条消息收齐后再解码成文字；要区分消息，就给消息加边界，例如 struct.pack('i', len)。",
  "fix.datagram": "改法：用不小于最大数据报的缓冲区来读，recvfrom(65535)。",
  "fix.md5": "改法：用 hashlib.md5 计算收到的内容，与 header['md5'] 比对一致后再保存文件。",
  "fix.stderr": "改法：total_size = len(stdout) + len(stderr)。",

  "way.plain": "直接发",
  "way.stuck": "连发一段",
  "way.split": "逐字节",
  "way.delayed": "延迟读",
  "way.large": "超 1024",

  "report.pass": "通过",
  "report.fail": "失败",
  "report.none": "—",
  "report.target": "目标",
  "report.passed": "通过",
  "report.summary": "{check}：{targets} 个目标，{cases} 个用例：{passed} 个通过，{failed} 个失败",
  "report.unreachable": "；{n} 个目标连接不上",
};
