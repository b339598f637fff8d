/**
 * framecat flood: send measured traffic to a sink (or, with --rtt, to a UDP
 * echo server). The work lives in lib/traffic.
 */
import { createReporter } from "../display/reporter.ts";
import type { NetEndpoint } from "../transport/endpoint.ts";
import type { FloodOptions } from "../options/types.ts";
import { Progress } from "../traffic/progress.ts";
import { TcpFlood } from "../traffic/tcp_flood.ts";
import { UdpFlood } from "../traffic/udp_flood.ts";
import { onInterrupt } from "./interrupt.ts";
import type { Context } from "../core/context.ts";

export async function flood(options: FloodOptions, ctx: Context): Promise<number> {
  const ep = options.endpoint as NetEndpoint; // checkFlood refused unix:
  const progress = new Progress(options, ctx.terminal, ctx.lang);
  const emit = progress.wrap(createReporter(ctx, options));
  const sender = ep.transport === "udp"
    ? new UdpFlood(options, ep, emit, progress)
    : new TcpFlood(options, ep, emit, progress);
  using _ = onInterrupt(ctx, () => sender.stop());
  return await sender.run();
}
