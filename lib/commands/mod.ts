/** Dispatch: each command lives in its own module and resolves to an exit code. */
import type { Invocation } from "../options/cli.ts";

export async function runCommand(
  inv: Exclude<Invocation, { command: "none" }>,
): Promise<number> {
  if (inv.command === "web") return await (await import("./web.ts")).web(inv.options, runCommand);
  if (inv.command === "schema") return (await import("./schema.ts")).schema();
  if (inv.options.web) return await (await import("./web.ts")).runWithWeb(inv, runCommand);
  switch (inv.command) {
    case "serve":
      return await (await import("./serve.ts")).serve(inv.options);
    case "connect":
      return await (await import("./connect.ts")).connect(inv.options);
    case "relay":
      return await (await import("./relay.ts")).relay(inv.options);
    case "sink":
      return await (await import("./sink.ts")).sink(inv.options);
    case "flood":
      return await (await import("./flood.ts")).flood(inv.options);
    case "demo":
      return await (await import("./demo.ts")).demo(inv.options);
  }
}
