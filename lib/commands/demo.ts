import { UsageError } from "../errors.ts";
import type { DemoOptions } from "../options/types.ts";

export function demo(_options: DemoOptions): Promise<number> {
  return Promise.reject(new UsageError("framecat demo is not built yet"));
}
