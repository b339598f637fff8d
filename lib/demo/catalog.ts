/** The demos, in the order `framecat demo` lists and `framecat demo all` runs them. */
import { UsageError } from "../errors.ts";
import { execLeftover } from "./exec_leftover.ts";
import { multicast } from "./multicast.ts";
import { nagle } from "./nagle.ts";
import { split } from "./split.ts";
import { sticky } from "./sticky.ts";
import type { Demo } from "./types.ts";
import { udpBoundaries } from "./udp_boundaries.ts";
import { udpLoss } from "./udp_loss.ts";
import { udpTruncate } from "./udp_truncate.ts";
import { listed, said } from "../i18n/say.ts";

export const DEMOS: readonly Demo[] = [
  sticky,
  nagle,
  split,
  execLeftover,
  udpBoundaries,
  udpTruncate,
  udpLoss,
  multicast,
];

/** The demos a name asks for: one, or every one for `all`. */
export function chooseDemos(name: string): readonly Demo[] {
  if (name === "all") return DEMOS;
  const demo = DEMOS.find((d) => d.name === name);
  if (demo) return [demo];
  const names = listed(DEMOS.map((d) => d.name));
  throw new UsageError(said("usage.demo", { name, names }));
}
