/**
 * The built-in checks, by name: the names are options/tables.ts's
 * CHECK_NAMES (one table, as the behaviours' are), each given its check here.
 */
import { UsageError } from "../errors.ts";
import { listed, said } from "../i18n/say.ts";
import { CHECK_NAMES } from "../options/tables.ts";
import type { CheckName } from "../options/types.ts";
import { chat } from "./builtin/chat.ts";
import { echo, upper } from "./builtin/echo.ts";
import { jsonExec } from "./builtin/json_exec.ts";
import { lenEcho } from "./builtin/len_echo.ts";
import { save } from "./builtin/save.ts";
import { time } from "./builtin/time.ts";
import type { BuiltinCheck } from "./builtin/types.ts";
import { udpEcho } from "./builtin/udp_echo.ts";

export type { BuildOptions, BuiltinCheck } from "./builtin/types.ts";

export const CHECKS: Readonly<Record<CheckName, BuiltinCheck>> = {
  "echo": echo,
  "upper": upper,
  "len-echo": lenEcho,
  "json-exec": jsonExec,
  "save": save,
  "time": time,
  "udp-echo": udpEcho,
  "chat": chat,
};

/** The built-in check of that name, if there is one. */
export function builtinCheck(name: string): BuiltinCheck | undefined {
  return (CHECK_NAMES as readonly string[]).includes(name) ? CHECKS[name as CheckName] : undefined;
}

/** The built-in checks a length prefix means something to (--prefix). */
export function prefixedChecks(): string[] {
  return CHECK_NAMES.filter((name) => CHECKS[name].prefixed);
}

/** The one line for a CHECK that is neither a built-in check nor a file. */
export function unknownCheck(name: string): UsageError {
  return new UsageError(said("usage.unknown_check", { name, checks: listed(CHECK_NAMES) }));
}
