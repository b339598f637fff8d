/** 演示的中文讲解：与 messages_en.ts 的键一一对应，`{name}` 填入本次测得的数字。 */
import type { EN } from "./messages_en.ts";

export const ZH: Record<keyof typeof EN, string> = {
  "list.header": "演示（framecat demo 名称 运行一个，framecat demo all 依次运行全部）：",

  "col.time": "时间",
  "col.sender": "发送方（写）",
  "col.receiver": "接收方（读）",
  "col.server": "服务端（写回复）",
  "col.client": "客户端（发命令、读）",

  "tl.send": "发送",
  "tl.read": "读取",
  "tl.frame": "消息",
  "tl.row": "{label} #{n}  {size} B",
  "tl.cut": "{label} #{n}  {size} B 只读到 {kept} B",
  "tl.together": "{label} → 第 {n} 次写  {size} B",
  "tl.burst": "{label} 序号 {range}：{count} × {size} B",
  "tl.more": "…… 同样的还有 {count} 次，共 {bytes} B",

  "note.busy": "正忙：还没有读",
  "note.ready": "已经在 recv() 上等着",
  "note.held": "先攒 {ms} 毫秒，合成一次写",
  "note.merged": "两条消息在一次读取里",
  "note.waiting": "还有 {left} B 留在缓冲区",
  "note.leftover": '开头是 "{command}" 剩下的 {left} B',
  "note.cut": "其余 {lost} B 没了",
  "note.next": "读到的是下一个数据报，不是第一个的剩余部分",
  "note.md5": "md5 与发送的一致",
  "note.empty": "一条空消息，0 B",
  "note.nothing": "0 B：什么也没有发出去",
  "note.lost": "丢失 {lost} 个：序号 {ranges}",
  "note.rounds": "…… 同样的还有 {count} 轮",

  "sticky.summary": "两次发送被一次读取收到（粘包）",
  "sticky.problem.heading":
    '问题：发送方先发 "hello"，再发 "world"。接收方正忙，稍后才调用 recv(65536)。',
  "sticky.problem.explain":
    'TCP 是字节流：它保证字节和顺序，不保留两次 send() 之间的边界。两条消息都已经在接收方的缓冲区里等着，所以一次 recv() 就拿到了全部 {bytes} 字节："{joined}"。接收方分不清 "hello" 在哪里结束。只要读的一方跟不上写的一方（服务端慢或忙），就会这样；这里故意晚读，让它每次都发生。发送方也可能把几次发送合在一起（Nagle 算法）：那是另一个原因，见 `framecat demo nagle`。',
  "sticky.fix.heading":
    "解决：长度前缀分帧（`--framing len --prefix i`）。每条消息先发 4 字节长度，写法和课程里一样，用 `struct.pack('i', n)`（小端序：5 写成 `05 00 00 00`），再发内容。",
  "sticky.fix.explain":
    '接收方仍然一次读到了全部 {bytes} 字节，但解码器先读长度，再读刚好那么多字节，于是分出 {frames} 条消息："hello" 和 "world"。分帧并不能阻止字节粘在一起，而是让粘在一起不再有害。',

  "nagle.summary": "两次小的发送合成一次写发出：是发送方把它们合在了一起（粘包的第二个原因）",
  "nagle.problem.heading":
    '问题：发送方先发 "hello"，紧接着发 "world"，两条都很小。接收方早已在 recv(65536) 上等着，来多少读多少。',
  "nagle.problem.explain":
    '这一次接收方并没有读晚：数据发出之前，发送方就把两次小的 send() 合成了一次 {bytes} 字节的写，它们作为一个报文段到达，一次 recv() 就拿到了 "{joined}"。这就是课程里粘包的第二个原因。Nagle 算法在前一个报文段得到确认之前，会先攒着小数据，把这期间要发的内容合在一起；这里发送方把数据攒 {ms} 毫秒，和 `framecat connect --coalesce {ms}` 一样，所以每次都会发生。TCP_NODELAY 能关掉 Nagle，但没有谁保证每次发送都各自分开：接收方仍然分不清 "hello" 在哪里结束。',
  "nagle.fix.heading":
    "解决：和第一个原因一样，用长度前缀分帧（`--framing len --prefix i`，即课程里的 `struct.pack('i', n)`）。两次发送照样被合在一起。",
  "nagle.fix.explain":
    '一次写，一次 {bytes} 字节的读取，解码器照样分出 {frames} 条消息："hello" 和 "world"。有了分帧，字节是被发送方还是接收方合在一起的，都不再要紧。',

  "split.summary": "一次发送 64 KiB，分成多次读取收到（拆包）",
  "split.problem.heading":
    "问题：发送方用一次 send() 发出 {size} 字节。接收方用 recv(1024) 读，这是课程里的缓冲区大小。",
  "split.problem.explain":
    "一次 send() 到了对方那里并不是一条消息。recv(1024) 最多返回 1024 字节，有多少给多少，所以这 {size} 字节分成了 {reads} 次读取。把一次 recv() 当作一条消息的接收方，在这里会看到 {reads} 条消息，每条都断在一行的中间。加大缓冲区也治不好：网络传输时 TCP 本来就会把长消息分段交付。",
  "split.fix.heading":
    "解决：先发长度（`--framing len --prefix i`，即课程里的 `struct.pack('i', n)`），一直读到够这么多字节为止。",
  "split.fix.explain":
    "每次读取和之前一样小（共 {reads} 次），但解码器先读出 4 字节长度（{size}），一直收到字节齐全：一条 {size} 字节的消息，md5 与发送的相同（{md5}）。这就是课程里的循环：`while received < total_size: data += conn.recv(1024)`。",

  "exec-leftover.summary": "远程执行命令服务端：过长的输出混进了下一条命令的回复",
  "exec-leftover.problem.heading":
    "问题：课程里的远程执行命令服务端，回复不分帧。客户端发一条命令，然后用一次 recv(1024) 读回复。命令内置在演示里，所以每台机器上的输出都一样。",
  "exec-leftover.problem.explain":
    '"{first}" 的输出有 {size} 字节，客户端只读了 1024，于是 {left} 字节留在了套接字缓冲区里。下一次 recv() 先读到的就是它们："{second}" 的回复以目录列表的结尾开头。从此每个回复都错了位，客户端总比服务端慢一步。',
  "exec-leftover.fix.heading":
    '解决：JSON 报头（`serve --send-framing json --prefix i`）。服务端先用 `struct.pack(\'i\', n)` 发报头长度，再发 `{"total_size": …, "md5": …, "exit_code": …}`，最后发输出；客户端先读报头，再循环 `recv(1024)`，直到收满 total_size 字节。',
  "exec-leftover.fix.explain":
    '客户端现在知道每个回复有多长："{first}" 读了 {reads} 次，拼成一条 {size} 字节的消息，md5 一致；"{second}" 完整且单独地收到。没有任何字节留给下一条命令。',

  "udp-boundaries.summary": "UDP 保留消息边界：数据报从不合并，空数据报也是一条消息",
  "udp-boundaries.udp.heading":
    'UDP：发送方发出 "one"、"two"、"three" 和一条空消息。接收方正忙，稍后才读。',
  "udp-boundaries.udp.explain":
    "{datagrams} 个数据报一起在接收方的缓冲区里等着，可每次 recvfrom() 只返回其中一个：UDP 保留每次发送的边界。空数据报作为一条 0 字节的消息到达；在 UDP 里它是一条消息，不是结束（在 TCP 里，recv() 什么也没返回表示对方已关闭）。",
  "udp-boundaries.tcp.heading": "对比：同样的四次发送走 TCP，用同样的方式读。",
  "udp-boundaries.tcp.explain":
    'TCP 把它们合成了一次 {bytes} 字节的读取："{joined}"，而空的那次发送根本什么也没有发出去。UDP 不需要分帧来区分消息；它防不住的是截断（`framecat demo udp-truncate`）和丢包（`framecat demo udp-loss`）。',

  "udp-truncate.summary": "1400 字节的数据报读进 512 字节的缓冲区：其余部分永远丢失",
  "udp-truncate.problem.heading":
    "问题：发送方发出一个 {size} 字节的数据报，再发一个短的。接收方用 recvfrom(512) 读。",
  "udp-truncate.problem.explain":
    '一次读取取走一整个数据报，装不下的部分被丢弃：recvfrom(512) 返回了前 {kept} 字节，其余 {lost} 字节被内核丢弃。下一次读取不会接着读这个数据报，而是返回下一个："{next}"。不像 TCP，没有什么会留给下一次读取。在 Linux 和 macOS 上截断是悄无声息的（Windows 上的 Python 会抛出错误）；framecat 会报告“被截断”（`read` 事件的 `truncated` 字段）。',
  "udp-truncate.fix.heading":
    "解决：用能装下最大数据报的缓冲区来读（--read-size 65536 能装下任何 UDP 数据报），或者约定一个最大长度，让每个数据报都不超过它。",
  "udp-truncate.fix.explain":
    "用 65536 字节的缓冲区，数据报完整到达：{size} 字节。framecat 的 `len` 和 `json` 分帧在 UDP 上还会用数据报自带的长度来核对，被截断的数据报会报告为错误，而不会被当作一条消息。",

  "udp-loss.summary": "向一个没在读的接收方突发发送，撑满它的缓冲区：数据报丢失",
  "udp-loss.problem.heading":
    "问题：发送方以最快速度发出 {sent} 个带序号的数据报，每个 {size} 字节。接收方正忙，发完之后才读。",
  "udp-loss.problem.explain":
    "套接字的接收缓冲区（SO_RCVBUF）只能装下有限个数据报，这里是 {received} 个。缓冲区满时到达的数据报都被内核丢弃，双方都不会收到任何错误。按序号清点：发送 {sent} = 收到 {received} + 丢失 {lost}（{lost_percent}%）。UDP 从不通知发送方；只有给数据报编号才能发现丢包。",
  "udp-loss.fix.heading":
    "解决：流量控制。发送方每发 {window} 个数据报，就等接收方确认后再发，缓冲区就永远不会溢出。",
  "udp-loss.fix.explain":
    "再发 {sent} 个数据报，分 {rounds} 轮、每轮 {window} 个：收到 {received}，丢失 {lost}。TCP 替你做了这件事（它的窗口）；用 UDP 就得自己实现，或者限制发送速率；在真实网络上还要编号、确认、重传，因为数据报在路上也会丢。",
  "udp-loss.relay.heading":
    "故意丢包：{sent} 个带序号的数据报经过 `framecat relay --loss {loss} --seed {seed}`，它会随机丢掉大约 {loss}%。这一次接收方一直在读。",
  "udp-loss.relay.explain":
    "发送 {sent} = 收到 {received} + 丢失 {lost}，中继也报告它丢了 {dropped} 个：数字对得上。丢失的是序号 {lost_seqs}，而且每次运行都一样，因为所有随机选择都来自种子。这样就能可重复地测试程序对丢包的处理；换一个种子就是另一种丢包模式。",
  // multicast（一对多）：单独一块，与其他演示的行分开合并。
  "note.copy": "接收方 {member}：同一次发送，它收到自己的一份",
  "note.again": "给接收方 {member}",
  "note.own": "接收方 {member}，经由它自己的连接",
  "multicast.summary": "发往 UDP 组播组的一次发送到达每个成员（一对多）",
  "multicast.group.heading":
    "一对多：三个接收方在回环接口上加入组播组 {group}。发送方向这个组只发一个数据报。",
  "multicast.group.explain":
    "发送 {sends} 次，读取 {copies} 次：网络（这里是回环接口）把数据报复制给每个加入了该组的套接字，每个接收方用自己的 recvfrom() 读到完整的一份。发送方不知道谁在听，也没有多发。没有服务端的聊天室就是这样工作的（在每台机器上运行 `framecat connect udp://239.1.2.3:5000`），发现协议也是这样找到对方的。广播（255.255.255.255 或子网的 .255 地址）对链路上的每台主机都这样做，不管它是否加入。",
  "multicast.tcp.heading":
    "对比：同样三个接收方换成 TCP 服务端。TCP 是一对一的，所以发送方要分别连接每一个。",
  "multicast.tcp.explain":
    "{copies} 个接收方要 {sends} 个连接、把同样的字节发送 {sends} 次：TCP 的发送方得自己复制消息，每个接收方一份，流量随人数增长。TCP 换来的是每个连接上的可靠和有序；组播的数据报和任何 UDP 数据报一样可能在路上丢失，没在听的成员永远收不到。",
};
