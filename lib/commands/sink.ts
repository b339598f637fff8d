/**
 * framecat sink: receive flood traffic and measure it (UDP: loss,
 * duplicates, reordering, jitter; TCP and unix: throughput and every byte
 * verified). The work lives in lib/traffic.
 */
import { createReporter } from "../display/reporter.ts";
import type { SinkOptions } from "../options/types.ts";
import { Progress } from "../traffic/progress.ts";
import { TcpSink } from "../traffic/tcp_sink.ts";
import { UdpSink } from "../traffic/udp_sink.ts";
import { onInterrupt } from "./interrupt.ts";
import type { Context } from "../core/context.ts";

export async function sink(options: SinkOptions, ctx: Context): Promise<number> {
  const progress = new Progress(options, ctx.terminal, ctx.lang);
  const emit = progress.wrap(createReporter(ctx, options));
  const ep = options.endpoint;
  const receiver = ep.transport === "udp"
    ? new UdpSink(options, ep, emit, progress)
    : new TcpSink(options, emit, progress);
  using _ = onInterrupt(ctx, () => receiver.stop());
  return await receiver.run();
}
