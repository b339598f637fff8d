/**
 * 失败的说法：做不成什么、系统给的原因、通常的解决办法。`os.*` 按错误的种类说系统的原因
 * （英文照搬系统的原话，中文说它的意思）。键与 errors_en.ts 一一对应。
 */
import type { ERRORS_EN } from "./errors_en.ts";

export const ERRORS_ZH: Record<keyof typeof ERRORS_EN, string> = {
  "text": "{text}",
  "error.with_hint": "{error}；{hint}",
  "error.internal": "内部错误（请报告这个问题）：{error}",
  "error.connection_failed": "连接出错：{why}",
  "error.read_failed": "读取出错：{why}",
  "error.too_few": "只收到 {got} 条消息，期望 {expected} 条",
  "error.too_few_bytes": "只收到 {got} 字节，期望 {expected} 字节",
  "error.checksums": "收到的消息里有 {n} 条没通过 {checksum} 校验（见上面的警告）：退出码 3",
  "error.lost_after_close":
    "对方关闭的是整个连接，不只是它的发送方向：读到 EOF 之后发出的 {bytes} B 没有送到",
  "error.sends_short": "{planned} 条 --send 消息只发出了 {went} 条：其余的还没发，对方就关闭了连接",
  "error.no_match": '没有一条消息匹配 "{pattern}"（共收到 {n} 条消息）',
  "error.ack_stopped": '已发出 "{file}"（{size} 字节），在服务端确认之前就停止了：它可能没有保存',
  "error.no_ack":
    '已发出 "{file}"（{size} 字节），但服务端在 {seconds} 秒内（--wait）没有确认：它可能没有保存',
  "error.ack_closed":
    '已发出 "{file}"（{size} 字节），但服务端没有确认就关闭了连接：它可能没有保存',
  "error.ack_reset": '已发出 "{file}"（{size} 字节），但服务端没有确认就重置了连接：它可能没有保存',
  "error.ack_malformed":
    '已发出 "{file}"（{size} 字节），但服务端的回复不是 --framing json 的消息（见上面的错误），不知道它是否保存了',
  "error.ack_other":
    '已发出 "{file}"（{size} 字节），但服务端的回复不是确认（JSON 里的 "ok" 为 true 或 false）：{what}；它可能没有保存',
  "ack.echo": "它把文件原样发了回来，像回显服务端那样",
  "ack.answered": "它回的是 {reply}",
  "error.not_tls": "服务端说的不是 TLS",
  "error.not_tls_answered": "服务端说的不是 TLS：它回的是 {answered}",

  "net.cannot": "无法{what}：{error}",
  "net.listen": "在 {at} 上监听",
  "net.connect": "连接到 {at}",
  "net.send": "发送到 {at}",
  "net.receive_udp": "在 UDP 套接字上接收",
  "net.descriptors_full":
    "无法接受连接：打开的文件太多：{cap} 条链路已用完 ulimit -n 允许的数量；等有链路结束再继续监听",
  "net.tls_failed": "与 {peer} 的 TLS 失败：{why}",
  "net.reset": "与 {peer} 的连接被重置（RST）",
  "net.accepting_again_link": "有链路结束了，继续接受连接",

  "hint.plain_server": "明文服务端请用 tcp://",
  "hint.refused_udp": "那里没有程序接受 TCP，但有一个 UDP 套接字绑定在这个端口上：请连接 {at}",
  "hint.refused": "那里有服务端在监听吗？可以这样启动一个：framecat {command} {at}",
  "hint.refused_unix":
    "没有服务端在监听这个套接字文件（可能是被杀掉的服务端留下的）；可以这样启动一个：framecat serve unix:{path}",
  "hint.in_use": "这个端口被别的程序占用了；换一个端口，或用端口 0 让系统挑一个空闲的",
  "hint.low_port": "1024 以下的端口需要 root 权限；请用 1024 以上的端口",
  "hint.course_prefix":
    "什么也没收到：按课程写法写的服务端（struct.unpack('i')，小端长度）会把这里的大端长度读成一个巨大的数，还在等它；请加上 --prefix i",
  "hint.reset": "对方突然关闭了连接",
  "hint.not_here": "请改用 127.0.0.1、0.0.0.0 或本机的某个地址",
  "hint.loopback_down": "回环网卡 lo 没有启用：ip link set lo up",
  "hint.unreachable": "没有到那个网络的路由；广播或组播地址请用 --iface 选择网卡",
  "hint.timed_out": "那台主机开着吗？（监听队列满了或防火墙丢弃，也会让连接得不到应答）",
  "hint.not_found": "请检查主机名或套接字路径",
  "hint.unix_check_path": "请检查路径：那里没有服务端在监听",
  "hint.unix_no_socket":
    "还没有服务端创建这个套接字文件；可以这样启动一个：framecat serve unix:{path}，或检查路径",
  "hint.unix_no_folder": "文件夹 {dir} 不存在；先创建它，或换一个已有文件夹里的路径",
  "net.unix_file": "那是一个普通文件，不是套接字",
  "net.unix_dir": "那是一个目录，不是套接字",
  "hint.unix_taken": "framecat 不会动它：请换一个路径",
  "udp.reply_too_big": "回复有 {bytes} B，超过一个 UDP 数据报能装下的 {max} B：没有发送",
  "udp.message_too_big": "消息有 {bytes} B，超过一个 UDP 数据报能装下的 {max} B：没有发送",
  "udp.framed_too_big":
    "消息有 {payload} B，加上分帧共 {bytes} B，超过一个 UDP 数据报能装下的 {max} B：没有发送",
  "hint.in_use_unix": "已有别的服务端在监听这个套接字文件；换一个路径，或先停掉那个服务端",
  "hint.lookup": "请检查主机名（或直接用地址，例如 127.0.0.1）",
  "hint.tls_unknown_issuer": "请用 --ca FILE 指定 CA，或用 --insecure 跳过校验",
  "hint.tls_name": "请用证书上有的名字连接，或用 --servername NAME 指定要校验的名字",
  "hint.tls_expired": "请更新证书（或检查本机的时钟），或用 --insecure 跳过校验",
  "hint.tls_not_yet": "请检查本机的时钟，或用 --insecure 跳过校验",
  "hint.tls_untrusted": "客户端不信任这张证书：把 CA 给它（先 --ca-out FILE，再 --ca FILE）",
  "hint.tls_refused":
    "客户端拒绝了这张证书：原因见它自己的报错（证书上没有它要的名字，或把 CA 证书当作了服务端自己的证书）",
  "hint.tls_ca_as_server":
    "生成证书时加上 -addext basicConstraints=critical,CA:FALSE，或让 framecat 生成一张（serve tls:// 不给 --cert，并用 --ca-out），或用 --insecure",
  "hint.tls_alpn": "两边没有共同支持的协议（ALPN）：请对照这一边的 --alpn 和对方的",
  "hint.tls_alpn_offered":
    "服务端不接受我方提出的任何协议（--alpn {list}）：请提出一个它接受的，或者不用 --alpn",
  "hint.tls_alpn_reset":
    "服务端在 TLS 握手时重置了连接，不接受我方提出的任何协议（--alpn {list}）的服务端可能会这样：请提出一个它接受的，或者不用 --alpn",
  "hint.tls_alpn_taken": "客户端提出的协议没有一个是本服务端接受的（--alpn {list}）",
  "hint.tls_hung_up":
    "服务端在 TLS 握手时关闭了连接：它可能是普通（非 TLS）服务端（请用 tcp://），或要求客户端证书（--cert、--key）",
  "hint.tls_not_tls": "对方说的不是 TLS：两边都要用 tls://",
  "hint.tls_echo": "服务端把我方的 ClientHello 原样发了回来：它是明文的回显服务端，请用 tcp://",
  "hint.tls_client_cert": "服务端要求客户端证书：请给出 --cert FILE --key FILE",

  "os.refused": "连接被拒绝",
  "os.reset": "连接被重置（RST）",
  "os.aborted": "连接被中止",
  "os.not_connected": "套接字没有连接",
  "os.in_use": "地址已被占用",
  "os.not_here": "本机没有这个地址",
  "os.unreachable": "网络不可达",
  "os.timed_out": "超时",
  "os.broken_pipe": "对方已经关闭，写不进去了（管道断开）",
  "os.unexpected_eof": "数据意外结束（EOF）",
  "os.write_zero": "一个字节也没写进去",
  "os.not_found": "找不到这个文件、主机或路径",
  "os.lookup": "找不到这个主机名（{text}）",
  "os.bad_certificate": "证书没有通过验证（{text}）",
  "os.ca_as_server":
    "证书没有通过验证：服务端的证书是 CA 证书（basicConstraints CA:TRUE，`openssl req -x509` 默认就这样生成），这里的 TLS（rustls）不接受把它当作服务端自己的证书",
  "os.cert_name": "证书没有通过验证：证书不适用于名字 {name}（它只适用于 {names}）",
  "list.or": "{some} 或 {last}",
  "list.comma": "{some}、{last}",
  "os.permission": "权限不够",
  "os.not_allowed": "framecat 没有访问“{what}”的 {kind} 权限",
  "os.not_allowed_special":
    "framecat 不能使用“{what}”：Deno 只允许拥有全部权限的程序打开 /proc、/dev 和 /sys 下的路径；请换一个别处的路径",
  "os.exists": "已经存在",
  "os.is_dir": "这是一个目录",
  "os.not_dir": "这不是一个目录",
  "os.bad_resource": "套接字已经关闭",
  "os.interrupted": "被中断",
  "os.busy": "资源正忙",
  "os.not_supported": "不支持这个操作",
  "os.no_file": "没有这个文件或目录",
  "os.no_device": "没有这个设备（{text}）",
  "os.no_buffers": "系统的缓冲区不够用了（{text}）",
  "os.tls_alert": "对方发来了 TLS 警报，结束了握手（{text}）",
  "os.invalid_data": "收到的数据无效（{text}）",
};
