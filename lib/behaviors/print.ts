/** print: show what peers send (the frame events do), and send typed lines to every peer. */
import { stdinLines } from "../display/input.ts";
import type { Behavior, BehaviorContext, Peer } from "./types.ts";

export function print(ctx: BehaviorContext): Behavior {
  const peers = new Set<Peer>();
  let stopped = false;
  const broadcast = async () => {
    for await (const line of stdinLines(ctx.options)) {
      if (stopped) return;
      if (peers.size === 0) {
        ctx.emit({ event: "info", message: "no peer connected: line not sent" });
      }
      await Promise.allSettled([...peers].map((p) => p.send(line)));
    }
  };
  broadcast().catch((err) => ctx.emit({ event: "error", message: `stdin: ${err}` }));
  return {
    open: (peer) => void peers.add(peer),
    close: (peer) => void peers.delete(peer),
    stop: () => void (stopped = true),
  };
}
