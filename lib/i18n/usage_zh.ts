/** 命令行用错时的说法：选项的值不对、选项不能搭配、端点写错，以及 commander 自己的拒绝。键与 usage_en.ts 一一对应。 */
import type { USAGE_EN } from "./usage_en.ts";

export const USAGE_ZH: Record<keyof typeof USAGE_EN, string> = {
  "usage.option_value": "{option}：{reason}",
  "usage.choices": '不能用 "{value}"：可选的值是 {choices}',
  "usage.unknown_option": "没有 '{option}' 这个选项：{command} --help 列出了所有选项",
  "usage.unknown_option_like": "没有 '{option}' 这个选项（是不是想写 {like}？）",
  "usage.unknown_command": "没有 '{command}' 这个命令：命令有 {commands}",
  "usage.unknown_command_like": "没有 '{command}' 这个命令（是不是想写 {like}？）",
  "usage.missing_value": "{option} 后面要写一个值：{flags}",
  "usage.missing_choice": "{option} 后面要写一个值，可选：{choices}",
  "usage.missing_argument": "缺少必需的参数 '{name}'",
  "usage.missing_endpoint":
    "缺少端点：请给出 PORT、HOST:PORT、HOST PORT、tcp://HOST:PORT、udp://HOST:PORT、unix:PATH，或 socat 的写法 {socat}",
  "usage.missing_endpoint_named":
    "缺少 {name}：请给出 PORT、HOST:PORT、tcp://HOST:PORT、udp://HOST:PORT、unix:PATH，或 socat 的写法 {socat}",
  "usage.too_many": "'{command}' 的参数太多：它只要 {expected} 个，却给了 {got} 个：{given}",
  "usage.help_topic": '无法显示 "{topic}" 的帮助：没有这个命令；命令有 {commands}',
  "usage.nc_l": "-l 是 nc 的监听：framecat 用 `framecat serve PORT` 监听",
  "usage.nc_l_listens": "-l 是 nc 的监听：`framecat {command}` 本来就在监听；去掉 -l 即可",
  "usage.nc_u": "-u 是 nc 的 UDP：把端点写成 udp://HOST:PORT",
  "usage.nc_k": "-k 是 nc 的持续监听：`framecat serve` 一直如此（--once 则处理一个就停）",
  "usage.nc_N": "-N 是 nc 的收到 EOF 后关闭：请用 --half-close",
  "usage.nc_C": "-C 是 nc 的 CRLF：请用 --crlf",
  "usage.nc_w": "-w 是 nc 的超时：请用 --wait MS",
  "usage.nc_z":
    "-z 是 nc 的端口扫描：framecat 一次试一个端口：`framecat connect HOST PORT --wait 0 < /dev/null`（有程序在监听，退出码为 0；没有则为 1）",
  "usage.nc_q":
    "-q 是 nc 在输入结束后的等待：请用 --wait MS（输入不是终端时，connect 在最后一次发送或收到回复后等 1000 毫秒）；framecat 自己的 -q（安静）要写在命令后面",
  "usage.nc_4": "-4 是 nc 的只用 IPv4：请直接写 IPv4 地址（如 127.0.0.1），不要写主机名",
  "usage.nc_6": "-6 是 nc 的只用 IPv6：请直接写 IPv6 地址（如 [::1]），不要写主机名",
  "usage.nc_e":
    "-e 是 nc 要运行的程序：framecat 用 --behavior exec 把每条消息当作命令运行（除非加 --exec-public，只接受本机）；framecat 的 -e（--escapes）用于给 --behavior print 或 --behavior chat 键入的行",
  "usage.nc_e_program":
    "-e {program} 是 nc 要运行的程序：framecat 的 -e（--escapes）不带值；framecat 在服务端把每条消息当作命令运行：framecat serve PORT --behavior exec",
  "usage.iperf_b":
    "-b 是 iperf3 的码率：请用 --rate 10Mbit（比特/秒）、--rate 10MB（字节/秒）或 --rate 5000pps",
  "usage.iperf_t": "-t 是 iperf3 的时长：请用 --duration S（或 --count N）",
  "usage.iperf_P": "-P 是 iperf3 的并行流：每条流运行一个 `framecat flood`",
  "usage.iperf_R":
    "-R 是 iperf3 的反向：在原来运行 `framecat flood` 的地方运行 `framecat sink`，在原来运行 `framecat sink` 的地方运行 `framecat flood`",
  "usage.iperf_J": "-J 是 iperf3 的 JSON：请用 --output json",
  "usage.command_moved": "命令要写在最前面：`framecat {command} {rest}`",
  "usage.command_first": "先写命令：像 nc 那样连接，是 `framecat connect {given}`",
  "usage.command_first_port":
    "先写命令：像 nc 那样连接，是 `framecat connect {given}`；要监听，是 `framecat serve {given}`",
  "usage.one_endpoint":
    '不能用 "{given}"：`{command}` 只接受一个端点（PORT、HOST:PORT 或 HOST PORT）',
  "usage.one_endpoint_serve":
    '不能用 "{given}"：服务端只接受一个端点（PORT、HOST:PORT 或 HOST PORT）；要两个端口，就运行两个服务端',
  "usage.not_here": "{option} 在这里不起作用：它用于{where}",
  "usage.raw_output": "--output raw 对 {command} 不起作用：它用于 serve 和 connect",
  "usage.check_targets": "无法检查：请给出要检查的服务端，写成端点，或用 --targets FILE",
  "usage.unknown_check": '无法运行检查 "{name}"：它既不是内置检查（{checks}），也不是场景文件',
  "usage.check_prefix": "--prefix 在这里不起作用：它用于 {checks}",
  "usage.check_prefix_scenario": "--prefix 在这里不起作用：场景文件自己写明长度前缀",
  "usage.ways_not_run": "--ways {way} 在这里不起作用：{check} 只跑 {ways}",
  "usage.flood_size":
    "不能用 --size {size} 做 UDP 洪泛：探测报文是 {min} 到 {max} 字节（报头占 {min}）",
  "where.save": " --behavior save",
  "where.exec": " --behavior exec",
  "where.chat": " --behavior chat",
  "where.typing": " --behavior print 或 chat（从 stdin 键入的行）",
  "where.line": " --framing line（或 --send-framing line），或键入给 --behavior print、chat 的行",
  "where.messages": "消息，而不是 --behavior save 收到的文件",
  "where.sends": " --send 和 --send-hex（它重复这些发送）",
  "where.pause": " --send 和 --send-hex（两次发送之间的间隔）",
  "where.line_raw": " --framing line 或 raw",
  "where.text": " --send 的文本和键入的行，不用于 --send-file",
  "where.typed": "键入或管道送入的行",
  "where.not_file": "消息，而不是 --send-file",
  "where.prefixed": " --framing len 或 --framing json（以长度开头的消息）",

  "usage.whole_number_min": '不能用 "{value}"：必须是不小于 {min} 的整数',
  "usage.whole_number": '不能用 "{value}"：必须是 {min} 到 {max} 之间的整数',
  "usage.header_field": '无法读取报头字段 "{value}"：请写成 KEY=VALUE',
  "usage.header_own": '不能设置报头字段 "{key}"：framecat 会根据正文自己填写它',
  "usage.size_form": '无法读取大小 "{value}"：请写字节数，例如 1024、64KiB 或 16MiB',
  "usage.size_range": '不能用大小 "{value}"：必须在 {min} 到 {max} 之间',
  "usage.size_fraction":
    '不能用大小 "{value}"：它是 {bytes} 字节，而大小必须是整数个字节（例如 2、2764 或 2.5KiB）',
  "usage.duration_form_ms": '无法读取时长 "{value}"：请写毫秒数，或 250ms、2s、1m',
  "usage.duration_form_s": '无法读取时长 "{value}"：请写秒数，或 250ms、2s、1m',
  "usage.duration_max": '不能用时长 "{value}"：最多 {max} 秒',
  "usage.duration_zero": '不能用时长 "{value}"：必须大于 0',
  "usage.interval_bare":
    '不能用间隔 "{value}"：不带单位的数在每个命令里都是毫秒；要秒就写 {value}s，要毫秒就写 {value}ms',
  "usage.rate_form":
    '看不懂速率 "{value}"：请写 5000pps（包/秒）、10Mbit（比特/秒）、1MB 或 1MiB（字节/秒），或者命令自己单位的数',
  "usage.rate_unit":
    '不能用速率 "{value}"：请说明它数的是什么：{bits}（比特/秒）、{bytes}（字节/秒），或像 5000pps 这样的包数（`flood`）',
  "usage.rate_max": '不能用速率 "{value}"：超过了 1 TB/s',
  "usage.rate_bytes":
    '不能用速率 "{value}"：`relay` 按字节限速，不按包：请写 10Mbit（比特/秒）、1MB 或 1MiB（字节/秒），或每秒字节数',
  "usage.rate_tcp_packets":
    "按包计的 --rate 只用于 UDP：TCP 发流按字节控速（字节流没有自己的“包”）；请用 10Mbit（比特/秒）、1MB 或 1MiB（字节/秒），或每秒字节数",
  "usage.rate_min": '不能用速率 "{value}"：至少要每秒 1 字节',
  "usage.percent": '不能用百分比 "{value}"：必须在 0 到 100 之间',
  "usage.range_form": '无法读取范围 "{value}"：请写 MIN-MAX 或 N，例如 1-3',
  "usage.range_bounds": '不能用范围 "{value}"：取值必须在 {min} 到 {max} 之间',
  "usage.range_order": '不能用范围 "{value}"：MIN {min} 比 MAX {max} 还大',
  "usage.delay_form": '无法读取延迟 "{value}"：请写 MS 或 MS:JITTER，例如 100:20',
  "usage.delay_max": '不能用延迟 "{value}"：最多 60000 ms',
  "usage.delay_jitter": '不能用延迟 "{value}"：抖动 {jitter} ms 比延迟 {ms} ms 还大',
  "usage.timeout_max": '不能用 "{value}"：最多 60000 ms',
  "usage.timeout_tiny":
    '不能用 "{value}"：只写数字时单位是毫秒，{value} 毫秒比一次回复用的时间还短；要写秒请写 {value}s',
  "usage.prefix":
    "不能用 \"{value}\"：可选的有 {prefixes}，或 Python 的 struct 格式码，如 i（struct.pack('i')，即 u32le）、!I（u32be）、H、Q、B",
  "usage.ways": '不能用 "{value}"：请从 {ways} 中选，用逗号分隔',
  "usage.web_address": '无法在 "{value}" 上提供网页：请写 [HOST:]PORT（网页走 TCP 上的 HTTP）',
  "usage.web_public":
    "网页拒绝在 {host} 上监听：能访问它的人都能在这里启动命令；如果确实要这样，请加上 --web-public",
  "usage.alpn": '不能用 "{value}"：协议之间用逗号分隔，例如 h2,http/1.1',
  "usage.read_file": '无法读取 "{path}"：{error}',
  "usage.pem_block": '"{path}" 里没有 PEM 格式的 {kind} 块',
  "usage.key_encrypted":
    '"{path}" 是加密的：framecat 需要未加密的私钥（openssl pkey -in {path} -out {plain}）',

  "usage.endpoint":
    '不能用端点 "{value}"：{why}（请写 tcp://HOST:PORT、udp://HOST:PORT、tls://HOST:PORT、unix:PATH、HOST:PORT 或 PORT）',
  "endpoint.socat_option":
    'framecat 不接受 socat 的选项 "{option}"（fork 和 reuseaddr 本来就是它的做法）',
  "usage.socat_stdio":
    "socat 的 -（STDIO）就是 framecat 自己这一端：标准输入输出总是接着的，只要写另一端的地址：framecat connect TCP:HOST:PORT",
  "endpoint.socat_unsupported": "不能用 socat 的 {type}：framecat {why}",
  "endpoint.socat_proxy": "直接连接服务端，不经过代理（需要代理就在前面放一个 socat）",
  "endpoint.socat_exec": "改为对每条消息运行一个命令：`framecat serve PORT --behavior exec`",
  "endpoint.socat_ipv6":
    "把 IPv6 写成方括号里的地址：{scheme}://[::]:PORT（所有地址）或 {scheme}://[::1]:PORT（本机）",
  "endpoint.socat_tls_options":
    "socat 的 {options} 在 framecat 里是 {flags}：请写 {endpoint} {flags}",
  "endpoint.socat_listen": "{type} 是 socat 的监听写法；要连接，请写出主机：TCP:HOST:PORT",
  "endpoint.port_zero": "端口 0 表示监听时随便选一个空闲端口，连不到任何东西；请给出服务端的端口",
  "endpoint.path_empty": "套接字路径是空的",
  "endpoint.path_nul": "套接字路径里有 NUL 字节",
  "endpoint.path_long": "套接字路径有 {bytes} 字节；unix 套接字的路径最多 {max} 字节",
  "endpoint.openssl": "OPENSSL: 后面要跟 HOST:PORT",
  "endpoint.scheme": '不认识的协议 "{scheme}"',
  "endpoint.v6_close": "IPv6 地址缺少右方括号 ]",
  "endpoint.v6_bad": '"{host}" 不是 IPv6 地址',
  "endpoint.v6_port": "IPv6 地址后面必须跟 :PORT",
  "endpoint.v6_brackets": "IPv6 地址要写在方括号里，例如 [::1]:9000",
  "endpoint.host_bad": '"{host}" 不是主机名或地址',
  "endpoint.v4_bad": '"{host}" 不是 IPv4 地址：它由 4 个 0 到 255 的数组成，例如 10.0.0.1',
  "endpoint.port_bad": '端口 "{port}" 必须是 0 到 65535 之间的数',
  "endpoint.port_missing": '"{host}" 后面没有端口：请写成 {host}:端口，例如 {host}:9000',

  "usage.varint_json": "--prefix varint 只能配合 --framing len（json 用固定长度的前缀）",
  "usage.ttl_group":
    "--ttl 设置组播组的跳数限制，组播地址如 udp://239.1.2.3:5000 或 udp://[ff02::1:3]:5000",
  "usage.no_loop_group":
    "--no-loop 用于组播组，例如 udp://239.1.2.3:5000 或 udp://[ff02::1:3]:5000",
  "usage.ttl_v6": "--ttl 只对 IPv4 组播组有效：IPv6 组播组的跳数限制固定为 1（只在本链路）",
  "usage.iface_group":
    "--iface 选择组播组使用的网卡，组播地址如 udp://239.1.2.3:5000 或 udp://[ff02::1:3]:5000",
  "usage.escapes_hex": "-e 读取文本里的转义：--input hex 的行本来就是字节，请去掉 -e",
  "usage.exec_public":
    "--behavior exec 拒绝在 {host} 上监听：能连上它的人都能在这里执行命令；如果确实要这样，请加上 --exec-public",
  "usage.save_udp": "--behavior save 需要字节流：请用 tcp:// 或 unix:，不要用 udp://",
  "usage.save_json": "--behavior save 用 --framing json 接收文件",
  "usage.serial_udp": "--serial 用于 TCP 和 unix 服务端（UDP 服务端没有连接）",
  "usage.send_over_prefix":
    "有一条 --send 有 {longest} 字节，放不进 --prefix {prefix}：它最多表示 {capacity}",
  "usage.send_file_alone": "--send-file 只能单独使用：请去掉 --send/--send-hex",
  "usage.send_file_twice":
    '不能再发送 "{path}"：一次 connect 只发送一个文件（"{first}"）；每个文件各运行一次',
  "usage.header_json": "--header 需要 --framing json（或 --send-framing json）",
  "usage.coalesce_udp": "--coalesce 合并字节流上的写；UDP 的每次发送都是一个独立的数据报",
  "usage.coalesce_file": "--coalesce 把小消息攒在一起；--send-file 只发一条，而且是流式发送",
  "usage.half_close_udp": "--half-close 用于 TCP 和 unix（UDP 没有可以关闭的写方向）",
  "usage.relay_mixed": "relay 的 LISTEN 和 TARGET 必须都是 UDP，或者都是字节流（tcp/unix）",
  "usage.relay_tcp_fault": "{option} 是 TCP 的故障；这个中继是 UDP 的",
  "usage.relay_udp_fault": "{option} 是 UDP 的故障；这个中继是 TCP 的",
  "usage.relay_udp_only":
    "{option} 只用于 UDP 中继（会话静默这么久就结束）；这是 TCP 中继，链路随连接结束",
  "usage.relay_itself":
    "relay 的 TARGET {target} 就是它自己的 LISTEN 地址：它会一直转发给自己，直到描述符耗尽；请写服务端的地址",
  "usage.relay_endings": "{first} 和 {last} 都会结束转发；只能给一个",
  "usage.reset_unix":
    "--reset-after 需要 TCP 的客户端一侧（unix 套接字没有重置）；请用 --close-after",
  "usage.count_duration": "--count 和 --duration 不能同时用：选一个",
  "usage.flood_unix": "flood 只支持 tcp:// 或 udp://",
  "usage.rtt_tcp": "--rtt 对着回显服务端测量 UDP 的往返时间：请用 udp://",
  "usage.tls_option": "{option} 是 TLS 选项：请用 tls://HOST:PORT 端点",
  "usage.tls_client_only": "{option} 用于我方去连接的 tls:// 端点（connect、flood、中继的目标）",
  "usage.tls_server_only": "{option} 用于我方监听的 tls:// 端点（serve、sink、中继的第一个端点）",
  "usage.tls_ca_server":
    "{option} 用于我方去连接的 tls:// 端点（connect、flood、中继的目标）；Deno 的 TLS 服务端不能向客户端要证书，所以没有证书可校验",
  "usage.cert_key": "--cert 和 --key 要一起给：两个都给，或者都不给",
  "usage.servername_cert":
    "Deno 的 TLS 暂时不支持 --servername 和客户端证书（--cert）同时使用：请直接用那个名字连接",
  "usage.ca_out_cert":
    "--ca-out 写出的是临时 CA，只有不给 --cert 时才会生成：请把你自己的 CA 给客户端",
  "usage.reset_tls":
    "--reset-after 暂时不能和 tls:// 一起用；请用 --close-after，或者中继明文的 tcp://",
};
