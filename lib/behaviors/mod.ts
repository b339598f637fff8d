/** The behaviours of `serve --behavior`, by name. */
import type { Behavior as BehaviorName } from "../options/types.ts";
import { discard, echo, upper } from "./basic.ts";
import { print } from "./print.ts";
import type { Behavior, BehaviorContext, BehaviorFactory } from "./types.ts";
import { UsageError } from "../errors.ts";

const FACTORIES: Partial<Record<BehaviorName, BehaviorFactory>> = { echo, upper, discard, print };

export function createBehavior(name: BehaviorName, ctx: BehaviorContext): Behavior {
  const factory = FACTORIES[name];
  if (!factory) throw new UsageError(`--behavior ${name} is not built yet`);
  return factory(ctx);
}
