/**
 * framecat flood: send measured traffic to a sink (or, with --rtt, to a UDP
 * echo server). The work lives in lib/traffic.
 */
import { createReporter } from "../display/reporter.ts";
import type { NetEndpoint } from "../transport/endpoint.ts";
import type { FloodOptions } from "../options/types.ts";
import type { Rate } from "../options/units.ts";
import { Progress } from "../traffic/progress.ts";
import { DEFAULT_TCP_SIZE, TcpFlood } from "../traffic/tcp_flood.ts";
import { DEFAULT_UDP_SIZE, UdpFlood } from "../traffic/udp_flood.ts";
import { onInterrupt } from "./interrupt.ts";
import type { Context } from "../core/context.ts";

export async function flood(options: FloodOptions, ctx: Context): Promise<number> {
  const ep = options.endpoint as NetEndpoint; // checkFlood refused unix:
  const progress = new Progress(options, ctx.terminal, ctx.lang);
  const emit = progress.wrap(createReporter(ctx, options));
  const size = options.size ?? (ep.transport === "udp" ? DEFAULT_UDP_SIZE : DEFAULT_TCP_SIZE);
  const settings = { ...options, rate: paceIn(options.rate, ep.transport, size) };
  const sender = ep.transport === "udp"
    ? new UdpFlood(settings, ep, emit, progress)
    : new TcpFlood(settings, ep, emit, progress);
  using _ = onInterrupt(ctx, () => sender.stop());
  return await sender.run();
}

/**
 * A rate in what the sender paces: datagrams per second over UDP, bytes per second over TCP.
 * `size` is a datagram's or a write's bytes: packets ↔ bytes.
 */
export function paceIn(rate: Rate, transport: "tcp" | "udp", size: number): number {
  if (rate.per === "unit") return rate.value;
  if (transport === "udp") return rate.per === "packet" ? rate.value : rate.value / size;
  return rate.per === "byte" ? rate.value : rate.value * size;
}
