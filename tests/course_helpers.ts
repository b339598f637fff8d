/** Helpers of the course tests (exec, time, chat, save): events about one peer, namespaces. */
import type { JsonEvent } from "./helpers/cli.ts";

/** Those of `events` about one peer. */
export function about<T extends JsonEvent>(events: T[], peer: string): T[] {
  return events.filter((e) => "peer" in e && e.peer === peer);
}

/** Whether this machine lets us make namespaces (`unshare`, as root on Linux). */
export function canUnshare(flag: "-n" | "-m"): boolean {
  if (Deno.build.os !== "linux") return false;
  try {
    return new Deno.Command("unshare", { args: [flag, "true"] }).outputSync().success;
  } catch {
    return false;
  }
}
