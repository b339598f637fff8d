/** Helpers of the course tests (exec, time, chat, save): event filters, namespaces. */

/** Events of one kind (and, when given, about one peer). */
export function eventsOf(
  events: Record<string, unknown>[],
  kind: string,
  peer?: string,
): Record<string, unknown>[] {
  return events.filter((e) => e.event === kind && (peer === undefined || e.peer === peer));
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
