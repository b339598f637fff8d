/** framecat web 的拒绝和输出：API 拒绝了什么、为什么，以及 web 和 COMMAND --web 打印的行。键与 web_en.ts 一一对应。 */
import type { WEB_EN } from "./web_en.ts";

export const WEB_ZH: Record<keyof typeof WEB_EN, string> = {
  "web.argv_list": 'argv 必须是字符串列表，例如 ["serve", "tcp://127.0.0.1:0"]',
  "web.argv_long":
    "argv 太长了：最多 {args} 个参数，总共 {chars} 个字符（大的消息请用 /send 发送）",
  "web.only_help": "没有可运行的：这个 argv 只会显示帮助",
  "web.itself": "framecat web 不能在自己里面运行",
  "web.schema": "schema 只是打印：请在命令行运行 framecat schema",
  "web.web": "--web 是给命令行用的：这个页面已经在显示它了",
  "web.sessions_full": "最多只能启动 {max} 个会话：请先停掉一个",
  "web.no_session": "没有会话 {id}：它已被移除（请刷新页面）",
  "web.no_peers": "这个会话还没有对端连接",
  "web.no_peer": "这个会话里没有对端 {peer}：它已经离开",
  "web.base64": '无法读取 base64 "{shown}"：只能用 A–Z a–z 0–9 + / 和 =',
  "web.cannot_read": "无法读取：{why}",
  "web.too_large":
    "请求超过了 {max} 字节：从页面发送的文件最多 {file} 字节（更大的文件请用 connect --send-file 发送）",
  "web.repeats_full": "不能再启动定时发送：已有 {max} 个在运行，请先停掉一个",
  "web.no_repeat": "这个会话里没有正在运行的定时发送 {id}：它已经结束",
  "web.no_rule": "没有规则 {id}：它已被删除",
};
