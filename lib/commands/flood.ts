import { UsageError } from "../errors.ts";
import type { FloodOptions } from "../options/types.ts";

export function flood(_options: FloodOptions): Promise<number> {
  return Promise.reject(new UsageError("framecat flood is not built yet"));
}
