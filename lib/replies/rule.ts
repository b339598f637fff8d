/**
 * One reply rule, `MATCH => RESPONSE`, optionally ending with `; delay=MS`
 * and `; times=N` (PRODUCT.md, Talking back), read and checked at once: a
 * bad rule is refused in one line that quotes it. A `--replies` file holds
 * one rule a line; blank lines and lines beginning with `#` are skipped.
 */
import { saidOf, UsageError } from "../errors.ts";
import { parsePattern, type Pattern, regexEnd } from "./pattern.ts";
import { parseResponse, type Response } from "./response.ts";
import { said } from "../i18n/say.ts";
import { parseDuration } from "../notation/duration.ts";
import { readTextFileBounded } from "../read_file.ts";

export interface ReplyRule {
  /** As written. */
  readonly source: string;
  readonly pattern: Pattern;
  readonly response: Response;
  /** Milliseconds before the answer is sent. 0: at once. */
  readonly delay: number;
  /** Answers it gives at most, over the whole run; undefined: no limit. */
  readonly times?: number;
}

/** Longest delay a rule may ask for: an hour, as the page's timed sending. */
const MAX_DELAY_MS = 3_600_000;
/** Largest --replies file read: far more rules than anyone writes, and a bound on what is held. */
const MAX_FILE_BYTES = 1024 * 1024;
/** `; name=value` at the end of a rule. */
const TRAILING_OPTION = /;\s*([A-Za-z_]\w*)\s*=\s*([^;]*?)\s*$/;

/** Reads one rule; `encoding` is how its text is written and how messages are read. */
export function parseRule(source: string, encoding = "utf-8"): ReplyRule {
  try {
    return readRule(source, encoding);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(said("rule.cannot_use", { source, why: err.said }));
  }
}

function readRule(source: string, encoding: string): ReplyRule {
  let rest = source.trim();
  const options: Record<string, string> = {};
  for (let m = TRAILING_OPTION.exec(rest); m; m = TRAILING_OPTION.exec(rest)) {
    const [written, name, value] = m;
    if (name !== "delay" && name !== "times") {
      throw new UsageError(said("rule.no_option", { name }));
    }
    if (name in options) throw new UsageError(said("rule.twice", { name }));
    options[name] = value;
    rest = rest.slice(0, rest.length - written.length);
  }
  // A regex may hold "=>": the arrow is looked for after its closing slash.
  const from = rest.startsWith("/") ? Math.max(regexEnd(rest), 0) : 0;
  const arrow = rest.indexOf("=>", from);
  if (arrow < 0) throw new UsageError(said("rule.no_arrow"));
  const match = rest.slice(0, arrow).trim();
  if (match === "") throw new UsageError(said("rule.empty_match"));
  const pattern = parsePattern(match, encoding);
  const response = parseResponse(rest.slice(arrow + 2).trim(), pattern.captures, encoding);
  return {
    source,
    pattern,
    response,
    delay: options.delay === undefined ? 0 : parseDelay(options.delay),
    ...(options.times === undefined ? {} : { times: parseTimes(options.times) }),
  };
}

/** `250`, `250ms`, `1.5s`, `1m`: milliseconds, up to an hour, as every duration is written. */
function parseDelay(text: string): number {
  try {
    return Math.round(parseDuration(text, "ms", MAX_DELAY_MS));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(said("rule.delay", { text, max: MAX_DELAY_MS }));
  }
}

function parseTimes(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(said("rule.times", { text }));
  }
  return Number(text);
}

/** The rules of a --replies file, each refusal naming `FILE:LINE`. */
export function parseRulesFile(path: string, encoding = "utf-8"): ReplyRule[] {
  let text: string;
  try {
    text = readTextFileBounded(path, MAX_FILE_BYTES);
  } catch (err) {
    throw new UsageError(said("rule.file_read", { path, error: saidOf(err) }));
  }
  const rules: ReplyRule[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    try {
      rules.push(parseRule(line, encoding));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      throw new UsageError(said("rule.at_line", { at: `${path}:${i + 1}`, error: err.said }));
    }
  });
  return rules;
}
