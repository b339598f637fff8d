/**
 * `report` events of flood and sink: one object with every counter as a
 * field, and `message`, the same report as one line that reads like
 * iperf3's (text shows only that line: the fields would make it unreadable).
 */
import type { Emit, ReportEvent } from "../events/types.ts";
import { type Said, said, saying } from "../i18n/say.ts";

/** A report's figures: every field of its sub-kind but `event` and `message`. */
export type ReportFields = ReportEvent extends infer R
  ? R extends ReportEvent ? Omit<R, "event" | "message"> & { peer: string } : never
  : never;

/** The report event: its figures, and the line that says them. */
export function reportEvent(fields: ReportFields, line: Said): ReportEvent {
  return { event: "report", ...fields, ...saying(line) };
}

/** Figures two spaces apart, as iperf3 lines them up. */
export function spaced(parts: Said[]): Said {
  return parts.reduceRight((rest, first) => said("traffic.spaced", { first, rest }));
}

/** `x` rounded to `digits` decimals (reports carry no float noise). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `count` per second over `seconds`, rounded to `digits`; 0 when no time passed. */
export function perSecond(count: number, seconds: number, digits = 0): number {
  return seconds > 0 ? round(count / seconds, digits) : 0;
}

/**
 * A rate as a line shows it: whole from 10 up, else two significant digits, so that a slow
 * rate (0.05 datagrams a second) is not shown as 0.1, nor 0.33 as 0.
 */
export function roughly(x: number): number {
  return x >= 10 ? Math.round(x) : Number(x.toPrecision(2));
}

/** A time in ms as reports show it: three decimals, like jitter ("0.340 ms"). */
export function readableMs(value: number): string {
  return `${value.toFixed(3)} ms`;
}

/** A stream id as shown everywhere: 8 hex digits. */
export function streamName(id: number): string {
  return id.toString(16).padStart(8, "0");
}

/** A random stream id for a new flood. */
export function newStreamId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** A sink's final word when no flood came (Ctrl-C, --idle-timeout): nothing was measured. */
export function noFlood(emit: Emit): void {
  emit({ event: "info", kind: "note", ...saying(said("sink.no_flood")) });
}
