import { UsageError } from "../errors.ts";
import type { RelayOptions } from "../options/types.ts";

export function relay(_options: RelayOptions): Promise<number> {
  return Promise.reject(new UsageError("framecat relay is not built yet"));
}
