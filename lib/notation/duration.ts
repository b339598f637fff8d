/**
 * Durations as framecat's options and reply rules write them: a bare number
 * in the option's own unit, or one that says its unit (`250ms`, `2s`, `1m`, `1h`).
 */
import { UsageError } from "../errors.ts";
import { said } from "../i18n/say.ts";

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a duration into milliseconds. A bare number is in `unit` (the
 * option's own: `--interval MS`, `--idle-timeout S`); `250ms`, `2s`, `1m`,
 * `1h` say their unit.
 */
export function parseDuration(
  text: string,
  unit: "ms" | "s",
  maxMs = 7 * 24 * 3_600_000,
): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim());
  if (!m) {
    throw new UsageError(
      said(unit === "ms" ? "usage.duration_form_ms" : "usage.duration_form_s", { value: text }),
    );
  }
  const ms = Number(m[1]) * DURATION_UNITS[(m[2] ?? unit).toLowerCase()];
  if (ms > maxMs) {
    throw new UsageError(said("usage.duration_max", { value: text, max: maxMs / 1000 }));
  }
  return ms;
}
