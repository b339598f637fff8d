/**
 * Option tables: one entry per option gives its commander option, the type of
 * its value and its check. A table is a plain object keyed by each option's
 * attribute name (`maxFrame` for --max-frame); {@linkcode table} refuses any
 * other key, so the key, the flag and the typed field cannot drift apart.
 */
import { type Command, Option } from "commander";
import { listed, type Said, said, sayEn, type WordKey } from "../i18n/say.ts";
import { UsageError } from "../errors.ts";
import { arg, type Parser } from "./values.ts";

/** One option: how commander reads it, and how to read its typed value back. */
export interface Opt<T> {
  readonly option: Option;
  /** The value in a parsed command: what the parser made, the default, or undefined. */
  readonly read: (cmd: Command) => T;
}

/** What every option says about itself. */
interface Spec {
  flags: string;
  /** Its line in --help: a sentence of the catalogues (lib/i18n/help_en.ts), said in --lang. */
  help: WordKey | Said;
  /** Left out of --help (testing aids). */
  hidden?: boolean;
}

interface ValueSpec<T> extends Spec {
  /** Checks the text and makes the value; a UsageError's message becomes commander's. */
  parse: Parser<T>;
  /** The default as --help shows it, when the value does not read well (10000 ms as 10). */
  defaultHelp?: string;
}

/** An option whose --help line is a sentence, said in the user's language (its description is the English). */
export class SaidOption extends Option {
  constructor(flags: string, readonly help: Said) {
    super(flags, sayEn(help));
  }
}

function build(spec: Spec): Option {
  const help = typeof spec.help === "string" ? said(spec.help) : spec.help;
  const option = new SaidOption(spec.flags, help);
  return spec.hidden ? option.hideHelp() : option;
}

function entry<T>(option: Option): Opt<T> {
  const name = option.attributeName();
  // The one trusted cast: commander holds what this option's own parser, default or flag made.
  return { option, read: (cmd) => cmd.getOptionValue(name) as T };
}

/** An option that takes a value: what `parse` makes of it, or `default` when not given. */
export function opt<T>(spec: ValueSpec<T> & { default: NoInfer<T> }): Opt<T>;
export function opt<T>(spec: ValueSpec<T>): Opt<T | undefined>;
export function opt<T>(spec: ValueSpec<T> & { default?: T }): Opt<T | undefined> {
  const option = build(spec);
  option.argParser(arg(option, spec.parse));
  if (spec.default !== undefined) option.default(spec.default, spec.defaultHelp);
  return entry(option);
}

/** An option whose value is one of `choices`; --help lists them. */
export function choice<const C extends readonly string[]>(
  spec: Spec & { choices: C; default: NoInfer<C[number]> },
): Opt<C[number]>;
export function choice<const C extends readonly string[]>(
  spec: Spec & { choices: C },
): Opt<C[number] | undefined>;
export function choice(spec: Spec & { choices: readonly string[]; default?: string }) {
  const option = build(spec);
  // Commander's own check would say its refusal in English: the option keeps its choices for --help.
  option.argChoices = [...spec.choices];
  option.argParser(arg(option, (text: string) => {
    if (spec.choices.includes(text)) return text;
    throw new UsageError(
      said("usage.choices", { value: text, choices: listed(spec.choices) }),
    );
  }));
  if (spec.default !== undefined) option.default(spec.default);
  return entry(option);
}

/** A flag: false until given; a `--no-x` flag is true until given (commander's rule). */
export function flag(spec: Spec): Opt<boolean> {
  const option = build(spec);
  if (!option.negate) option.default(false);
  return entry(option);
}

/** A repeatable option: every value given, in order; none given is an empty list. */
export function list<T>(spec: Spec & { parse: (text: string) => T }): Opt<T[]> {
  // Appended in place (a copy per value would make N values cost N²); the list is our own.
  const option = build(spec);
  option.argParser(
    arg(option, (text: string, previous: T[] | undefined) => {
      const values = previous ?? [];
      values.push(spec.parse(text));
      return values;
    }),
  );
  const name = option.attributeName();
  return { option, read: (cmd) => (cmd.getOptionValue(name) ?? []) as T[] };
}

/** Any table: options by attribute name. */
export type Table = Record<string, Opt<unknown>>;

type ValueOf<O> = O extends Opt<infer T> ? T : never;

/** The typed values of a table: one field per option, optional when it has no default. */
export type Values<T extends Table> =
  & { [K in keyof T as undefined extends ValueOf<T[K]> ? never : K]: ValueOf<T[K]> }
  & { [K in keyof T as undefined extends ValueOf<T[K]> ? K : never]?: ValueOf<T[K]> };

/**
 * Declares a table. A key that is not its option's attribute name is a
 * programming error, thrown when the module loads.
 */
export function table<T extends Table>(entries: T): T {
  for (const [key, { option }] of Object.entries(entries)) {
    if (option.attributeName() !== key) {
      throw new Error(
        `Option table entry "${key}" holds ${option.flags}: name it "${option.attributeName()}"`,
      );
    }
  }
  return entries;
}

/** Adds every option of the tables to `cmd`, in their order (the order of --help). */
export function addOptions(cmd: Command, ...tables: Table[]): Command {
  for (const t of tables) {
    for (const { option } of Object.values(t)) cmd.addOption(option);
  }
  return cmd;
}

/** The values of every option of `t` in a parsed command, typed. */
export function readOptions<T extends Table>(cmd: Command, t: T): Values<T> {
  const values = Object.entries(t).map(([key, o]) => [key, o.read(cmd)]);
  // Built key by key from the table itself: each field is its entry's value.
  return Object.fromEntries(values) as Values<T>;
}

/** True when the user gave `o` on the command line (not its default). */
export function given(cmd: Command, o: Opt<unknown>): boolean {
  return cmd.getOptionValueSource(o.option.attributeName()) === "cli";
}
