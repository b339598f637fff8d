/**
 * A check of many targets: up to `parallel` targets at once, the ways of one
 * target one after the other (the course's servers serve one client at a
 * time). Every case is bounded in time, so a target that is down, hangs,
 * resets or floods fails its own cases and holds up no other.
 */
import type { CheckPlan } from "./conversation.ts";
import { type CaseResult, runCase, type Target } from "./case.ts";
import type { HowFailed } from "./diagnose.ts";
import type { Way } from "./ways.ts";

export interface CheckRunOptions {
  plan: CheckPlan;
  targets: Target[];
  /** The ways to run, in order (the plan's, or fewer). */
  ways: readonly Way[];
  /** Targets checked at once. */
  parallel: number;
  /** Connecting is given up after this long (ms). */
  timeout: number;
  encoding: string;
  /** Aborted to stop: cases under way end at once, no more start. */
  signal: AbortSignal;
  /** Each case, as it ends. */
  onCase?: (result: CaseResult) => void;
}

/** The cases of one target, in the order of its ways. */
export interface TargetResults {
  target: Target;
  cases: CaseResult[];
}

/** Runs every case; resolves to each target's results, in the targets' order. */
export async function runChecks(o: CheckRunOptions): Promise<TargetResults[]> {
  const results: TargetResults[] = o.targets.map((target) => ({ target, cases: [] }));
  let next = 0;
  const worker = async () => {
    while (next < results.length && !o.signal.aborted) {
      const mine = results[next++];
      await checkTarget(mine, o);
    }
  };
  const workers = Math.max(1, Math.min(o.parallel, results.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

async function checkTarget(into: TargetResults, o: CheckRunOptions): Promise<void> {
  let plainPassed = true;
  let plainFailure: HowFailed | undefined;
  let reachedIn: Way | undefined;
  for (const way of o.ways) {
    if (o.signal.aborted) return;
    const first = into.cases[0];
    // A target never reached is not tried again way after way (a dropped SYN costs the timeout).
    const result: CaseResult = first?.failure === "unreachable"
      ? { ...first, way, ms: 0 }
      : await runCase(o.plan, into.target, way, {
        timeout: o.timeout,
        encoding: o.encoding,
        plainPassed,
        plainFailure,
        reachedIn,
        signal: o.signal,
      });
    if (o.signal.aborted) return;
    if (way === "plain") {
      plainPassed = result.passed;
      plainFailure = result.failed;
    }
    if (result.failure !== "unreachable") reachedIn = way;
    into.cases.push(result);
    o.onCase?.(result);
  }
}
