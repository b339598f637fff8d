/** framecat check 的中文说法：与 check_en.ts 的键一一对应；words_zh.ts 收入其中。 */
import type { CHECK_EN } from "./check_en.ts";

export const CHECK_ZH: Record<keyof typeof CHECK_EN, string> = {
  "check.explain": "{sent}；{got}：{means}。",
  "check.explain_fix": "{sent}；{got}：{means}。{fix}",
  "check.explain_unsent": "{got}；{means}。",
  "check.also": "{means}；{also}",
  "check.list": "{first}、{rest}",
  "check.then": "{answered}{then}",
  "check.how": "{what}{how}",

  "check_sent.one": "发送了 {a}",
  "check_sent.two": "发送了 {a} 和 {b}",
  "check_sent.many": "发送了 {n} 条消息：{list}",
  "check_how.stuck": "，连着发出，在同一个 TCP 报文段里",
  "check_how.stuck.datagram": "，连着发出",
  "check_how.split": "，每个字节单独一个 TCP 报文段",
  "check_how.delayed": "，并且晚 {ms} 毫秒才读回复，让服务端的多次 send 堆在一起",
  "check_how.large": "（{bytes} 字节，一次 recv(1024) 收不完）",
  "check_how.large.datagram": "（{bytes} 字节，一次 recvfrom(1024) 收不完）",

  "check_got.unreachable": "连接不上：{error}",
  "check_got.no_connect": "连接 {s} 秒内没有应答",
  "check_got.silent": "{s} 秒内没有任何回复",
  "check_got.sent_back": "服务端发回了 {a}",
  "check_got.once": "服务端只回了一次：{a}",
  "check_got.times": "服务端回了 {n} 次：{list}",
  "check_got.wrong_at":
    "服务端回的是 {got}（{size} B），应该是 {expected}，两者从第 {nth} 个字节起不同",
  "check_got.wrong": "服务端回的是 {got}，应该是 {expected}",
  "check_got.wrong_sent_back_at":
    "服务端发回的是 {got}（{size} B），应该是 {expected}，两者从第 {nth} 个字节起不同",
  "check_got.wrong_sent_back": "服务端发回的是 {got}，应该是 {expected}",
  "check_got.short_datagram": "服务端的回复只有 {size} 字节：{a}",
  "check_got.short_datagram_expected": "服务端的回复只有 {size} 字节：{a}，而期望的是 {expected}",
  "check_then.silent": "，之后 {s} 秒内再没有回复",
  "check_then.closed": "，然后关闭了连接",
  "check_then.reset": "，然后重置了连接（RST）",
  "check_got.closed": "服务端没有回复就关闭了连接",
  "check_got.reset": "服务端没有回复就重置了连接（RST）",
  "check_got.malformed": "回复无法解读：{error}",
  "check.reply_unended_part":
    "它开始了，却没在 {s} 秒内结束：它的{part}应有 {expected} 字节，只来了 {got} 字节",
  "check.reply_unended": "它开始了，却没在 {s} 秒内结束：{reason}",
  "check_got.flood": "服务端不停地发，超过了 {limit}",
  "check.limit": "检查的上限",
  "check.too_long": "长度 {length} 超过了检查的上限（{max} 字节）",
  "check.total_size_max": "total_size {size} 超过了检查的上限（{max} 字节）",
  "check.hint_text": "服务端在该有长度前缀的地方发来了文本（{text}）",
  "check.unframed": "这个数据报里没有一条完整的 {framing} 消息",
  "check_got.error": "连接出错：{error}",

  "check_means.sticking": "它把一次 recv() 当成了一条消息（粘包）",
  "check_means.splitting":
    "它把一次 recv() 当成了一条消息，可一条消息可能要好几次 recv() 才收完（拆包）",
  "check_means.large": "它用一次 recv(1024) 读一条消息，后面的部分没读到（拆包）",
  "check_means.truncation":
    "UDP 的数据报要么整个收到，要么被截断：recvfrom(1024) 只留下 1024 字节，其余的永远丢了",
  "check_means.piled": "晚读时它的几条回复连在了一起，分不清哪条是哪条：回复也需要边界",
  "check_means.md5":
    "它收下了一个 md5 与报头不符的文件：它没有校验 md5，传输中损坏的文件也会被当成完整的保存下来",
  "check_means.stderr_md5":
    "它报头里的 total_size 没有算上发出的全部内容（漏了 stderr？），md5 却是按全部内容算的：按 total_size 读到的正文对不上它",
  "check_means.chars":
    "它报头里的 total_size 数的是字符而不是字节（对 str 求 len()）：“你”是一个字符，UTF-8 里却是三个字节，所以正文被截短，剩下的会被当成下一条回复的开头",
  "check_means.stderr":
    "它报头里的 total_size 没有算上发出的全部内容（漏了 stderr？），多出的部分会被当成下一条回复的开头",
  "check_means.not_reading":
    "它根本没有读：还有 {n} 字节留在它的接收缓冲区里，说明它没有在这个连接上调用 recv()，或者根本没有 accept() 它（是不是还卡在一个已经断开的客户端的循环里？）",
  "check_means.silent": "它在等永远不会来的字节，或者根本不回复",
  "check_means.silent.datagram":
    "可能它没在这个端口上运行，也可能回复发到了别处（要用 sendto() 发回 recvfrom() 给出的那个地址）",
  "check_means.closed": "它处理收到的数据时出了错（服务端抛出异常就会关闭套接字）",
  "check_means.reset":
    "它处理收到的数据时出了错（套接字里还有没读的数据就关闭，或设置了 SO_LINGER 0，都会发出重置）",
  "check_means.malformed": "它的回复没有按协议规定的格式分帧",
  "check_means.wrong": "它的回复不是协议要求的内容",
  "check_means.flood": "每个用例最多只读 {limit}",
  "check_means.unreachable": "请检查服务端是否在运行，地址和端口是否正确",
  "check_means.gone":
    "可它在前面的“{way}”用例里还接受过连接，说明它后来停了：是不是那个用例让它崩溃了？请看服务端的输出",
  "check_means.queue_full":
    "从“{way}”用例之后它就再没放进连接：它的 listen() 队列满了，说明它没有在调用 accept()（卡在先前的某个客户端上、被 Ctrl-Z 暂停了，或者再也不调用 accept()）",
  "check_means.unanswered":
    "请检查地址（主机没开机或有防火墙时，连接会被悄悄丢弃），再看服务端的 listen() 队列是否满了（服务端没有在调用 accept()）",
  "check_means.ended_first":
    "还没发送任何东西，它就结束了这条连接，所以问题不在字节怎么被切分：它是不是停了？（后面的用例会说明；请看服务端的输出）",
  "check_means.error": "这个用例无法继续",
  "check_means.plainFailed": "正常发送时它也不对，所以问题不在字节怎么被切分",
  "check_means.plainFailed_protocol":
    "正常发送时它也不对，所以问题不在字节怎么被切分：这个检查和它的协议对得上吗？（{protocol}）",

  // 检查发送什么、要求回送什么：服务端正常发送时也不对时用来提醒。
  "check_protocol.echo": "echo 发送不带换行的原始字节，要求原样回送每个字节",
  "check_protocol.upper": "upper 发送不带换行的原始字节，要求回送每个字节，a-z 转成大写",
  "check_protocol.len-echo":
    "len-echo 在每条消息前加上由 --prefix 指定的 {prefix} 长度，要求按同样的格式回送",
  "check_protocol.json-exec":
    "json-exec 原样发送命令，不加长度也不加换行，要求回送由 --prefix 指定的 {prefix} 报头长度、带 total_size 的 JSON 报头，然后是命令的输出",
  "check_protocol.save":
    "save 先发由 --prefix 指定的 {prefix} 报头长度，再发带 file_name、total_size 和 md5 的 JSON 报头，然后是文件内容，要求回送 JSON 确认",
  "check_protocol.scenario": "这个场景发送{send}，要求回送{recv}，由场景文件决定",
  "check_frames.raw": "原始字节",
  "check_frames.line": '以 "\\n" 结尾的行',
  "check_frames.len": "前面带 {prefix} 长度的消息",
  "check_frames.json": "前面带 {prefix} 报头长度和 JSON 报头的消息",

  "check_fix.len":
    "改法：先读满 4 字节的长度（struct.unpack('i', …)），再循环 recv() 直到收够这么多字节；每条消息发送前先发 struct.pack('i', len)。",
  "check_fix.json":
    "改法：先读 4 字节的报头长度，再读报头，然后循环 recv() 直到收够 total_size 字节。",
  "check_fix.line":
    '改法：把 recv() 收到的内容存进缓冲区，按 "\\n" 切开：一行是一条消息，一次读取不是。',
  "check_fix.raw":
    "改法：循环调用 recv()，把收到的内容当成字节流：每收到一段就回一段（sendall），整条消息收齐后再解码成文字；要区分消息，就给消息加边界，例如 struct.pack('i', len)。",
  "check_fix.not_reading":
    "改法：recv() 返回 b'' 说明客户端已经断开：跳出它的循环（if not data: break），关闭连接，再回到 accept()。",
  "check_fix.datagram": "改法：用不小于最大数据报的缓冲区来读，recvfrom(65535)。",
  "check_fix.md5": "改法：用 hashlib.md5 计算收到的内容，与 header['md5'] 比对一致后再保存文件。",
  "check_fix.stderr": "改法：total_size = len(stdout) + len(stderr)。",
  "check_fix.chars":
    "改法：total_size 要数发出的字节：total_size = len(body)，body 是字节（res.encode('utf-8')），不是 str。",

  "check_way.plain": "直接发",
  "check_way.stuck": "连发一段",
  "check_way.split": "逐字节",
  "check_way.delayed": "延迟读",
  "check_way.large": "超 1024",

  "check_report.pass": "通过",
  "check_report.fail": "失败",
  "check_report.none": "—",
  "check_report.target": "目标",
  "check_report.passed": "通过",
  "check_report.summary":
    "{check}：{targets} 个目标，{cases} 个用例：{passed} 个通过，{failed} 个失败",
  "check_report.summary_unreachable":
    "{check}：{targets} 个目标，{cases} 个用例：{passed} 个通过，{failed} 个失败；{unreachable} 个目标连接不上",
  "check_report.not_run": "没有运行：检查在这个用例之前被停止",
  "check_report.stopped": "{ran}；被停止，还有 {not_run} 个用例没有运行：检查不完整",

  // 网页上的检查：表单，以及表格下的提示。
  "check_page.new": "新建检查",
  "check_page.check": "检查",
  "check_page.targets": "服务端（每行一个）",
  "check_page.extra": "更多选项",
  "check_page.start": "开始检查",
  "check_page.choose": "在表格里点一个用例：红色的会显示它的通信过程。",
};
