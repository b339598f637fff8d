/** The behaviours of `serve --behavior`, by name. */
import type { Behavior as BehaviorName } from "../options/types.ts";
import { discard, echo, upper } from "./basic.ts";
import { chat } from "./chat.ts";
import { exec } from "./exec.ts";
import { print } from "./print.ts";
import { save } from "./save.ts";
import { time } from "./time.ts";
import type { Behavior, BehaviorContext, BehaviorFactory } from "./types.ts";

/** Every name of --behavior (the type makes a missing one a compile error). */
const FACTORIES: Readonly<Record<BehaviorName, BehaviorFactory>> = {
  echo,
  upper,
  discard,
  print,
  exec,
  time,
  chat,
  save,
};

export function createBehavior(name: BehaviorName, ctx: BehaviorContext): Behavior {
  return FACTORIES[name](ctx);
}
