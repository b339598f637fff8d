/**
 * What a command runs with, besides its options: passed down explicitly
 * from the adapter that runs it (main.ts for the command line, the web
 * server for a session, a test), never found in module state. Two commands
 * in one process each get their own, so their events never mix.
 */
import type { Emit } from "../events/types.ts";
import type { Terminal } from "../display/terminal.ts";
import type { LivePeers } from "../transport/peer.ts";
import type { RuleBook } from "../replies/book.ts";
import type { Lang } from "../i18n/say.ts";

export interface Context {
  /**
   * The language of every line it prints for people (--lang, else the
   * locale's): its text lines, its errors, NDJSON `message` fields.
   */
  lang: Lang;
  /**
   * Every event the command makes also goes here, as the objects `--output
   * json` prints (the web page's session). None on the command line.
   */
  emit?: Emit;
  /** Aborted to stop the command as Ctrl-C would (the page's Stop, a test). */
  signal: AbortSignal;
  /**
   * The terminal the command owns: stdin (what a user types or pipes in),
   * stdout and stderr (where it shows its events), Ctrl-C. None in a session
   * the web page started: its events go to `emit` alone, and the page sends
   * to its peers instead of stdin.
   */
  terminal?: Terminal;
  /** Its connections while they live, for the web page to send to. None on the command line. */
  peers?: LivePeers;
  /**
   * Where a serve or connect keeps its reply rules (its own are added to it),
   * for the web page to edit while it runs. None on the command line: the
   * command keeps them itself.
   */
  rules?: RuleBook;
  /**
   * The command line as it was typed (the arguments after `framecat`): `COMMAND --web` shows
   * it as its session's. Only the command line's adapter gives it.
   */
  argv?: readonly string[];
}
