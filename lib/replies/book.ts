/**
 * The reply rules of one run, in the order they are tried: the command
 * line's, and those the page adds, edits, turns off or removes while it runs.
 * Each rule keeps its number (what `sent` events and `stats` name it by) and
 * its hits.
 */
import { UsageError } from "../errors.ts";
import { parseRule, type ReplyRule } from "./rule.ts";
import { said } from "../i18n/say.ts";

/** Rules one run may hold: more than anyone writes, and a bound on each message's work. */
export const MAX_RULES = 10_000;

export interface RuleEntry {
  /** Its number, from 1, never reused in a run. */
  readonly id: number;
  rule: ReplyRule;
  enabled: boolean;
  /** Messages it has answered. */
  hits: number;
}

/** A rule that matched a message: its entry, its captures, and its count with this hit. */
export interface Hit {
  entry: RuleEntry;
  captures: Uint8Array[];
  counter: number;
}

/** What the page and `stats` show of a rule. */
export interface RuleView {
  rule: number;
  source: string;
  enabled: boolean;
  hits: number;
  times?: number;
}

export class RuleBook {
  readonly #entries: RuleEntry[] = [];
  #next = 1;

  /** `encoding` is how rule text is written and messages are read. */
  constructor(readonly encoding = "utf-8", rules: readonly ReplyRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Adds a rule (or its text, checked first) at the end; a UsageError says why it is refused. */
  add(rule: ReplyRule | string, enabled = true): RuleEntry {
    if (this.#entries.length >= MAX_RULES) {
      throw new UsageError(said("rule.too_many", { max: MAX_RULES }));
    }
    const read = this.#read(rule); // a refused rule takes no number
    const entry = { id: this.#next++, rule: read, enabled, hits: 0 };
    this.#entries.push(entry);
    return entry;
  }

  /** Changes a rule's text (its hits start again: it is another rule) or whether it is on. */
  edit(id: number, change: { source?: string; enabled?: boolean }): RuleEntry {
    const entry = this.get(id);
    const rule = change.source === undefined ? undefined : this.#read(change.source);
    if (rule && rule.source !== entry.rule.source) {
      entry.rule = rule;
      entry.hits = 0;
    }
    if (change.enabled !== undefined) entry.enabled = change.enabled;
    return entry;
  }

  remove(id: number): void {
    this.#entries.splice(this.#entries.indexOf(this.get(id)), 1);
  }

  /** Checks a rule's text as `add` would, without adding it; a UsageError says why it is refused. */
  check(source: string): void {
    this.#read(source);
  }

  get(id: number): RuleEntry {
    const entry = this.#entries.find((e) => e.id === id);
    if (!entry) throw new UsageError(said("rule.none", { id }));
    return entry;
  }

  /**
   * A hit whose answer never went (its delay outlived the run, or its peer): not counted, so the
   * rule's `times` and its `answered` figure say what was sent.
   */
  unsent(hit: Hit): void {
    hit.entry.hits = Math.max(0, hit.entry.hits - 1);
  }

  /** The first rule that is on, has answers left and matches `message`; its hit is counted. */
  take(message: Uint8Array): Hit | undefined {
    for (const entry of this.#entries) {
      const { pattern, times } = entry.rule;
      if (!entry.enabled || (times !== undefined && entry.hits >= times)) continue;
      const captures = pattern.match(message);
      if (captures) return { entry, captures, counter: ++entry.hits };
    }
    return undefined;
  }

  view(): RuleView[] {
    return this.#entries.map(({ id, rule, enabled, hits }) => ({
      rule: id,
      source: rule.source,
      enabled,
      hits,
      ...(rule.times === undefined ? {} : { times: rule.times }),
    }));
  }

  #read(rule: ReplyRule | string): ReplyRule {
    return typeof rule === "string" ? parseRule(rule, this.encoding) : rule;
  }
}
