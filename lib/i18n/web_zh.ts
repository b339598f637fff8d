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
};
