/**
 * The command core: each command lives in its own module and is
 * `run(invocation, ctx) → exit code`. main.ts (the command line) and the web
 * server (a session) are the two adapters that call it.
 */
import type { Invocation } from "../options/cli.ts";
import type { Context } from "../core/context.ts";

export type { Context };

/** A command the command line accepted, ready to run. */
export type Runnable = Exclude<Invocation, { command: "none" }>;

export async function runCommand(inv: Runnable, ctx: Context): Promise<number> {
  if (inv.command === "web") {
    return await (await import("./web.ts")).web(inv.options, ctx, runCommand);
  }
  if (inv.command === "schema") return (await import("./schema.ts")).schema(ctx);
  if (inv.options.web) return await (await import("./web.ts")).runWithWeb(inv, ctx, runCommand);
  switch (inv.command) {
    case "serve":
      return await (await import("./serve.ts")).serve(inv.options, ctx);
    case "connect":
      return await (await import("./connect.ts")).connect(inv.options, ctx);
    case "relay":
      return await (await import("./relay.ts")).relay(inv.options, ctx);
    case "sink":
      return await (await import("./sink.ts")).sink(inv.options, ctx);
    case "flood":
      return await (await import("./flood.ts")).flood(inv.options, ctx);
    case "demo":
      return await (await import("./demo.ts")).demo(inv.options, ctx);
    case "check":
      return await (await import("./check.ts")).check(inv.options, ctx);
  }
}
