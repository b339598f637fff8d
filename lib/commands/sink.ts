import { UsageError } from "../errors.ts";
import type { SinkOptions } from "../options/types.ts";

export function sink(_options: SinkOptions): Promise<number> {
  return Promise.reject(new UsageError("framecat sink is not built yet"));
}
