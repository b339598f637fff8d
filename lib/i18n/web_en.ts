/**
 * framecat web's refusals and lines in English: what the API refuses and
 * why, and what `web` and `COMMAND --web` print. web_zh.ts has exactly these
 * keys; words_en.ts takes them in.
 */
export const WEB_EN = {
  "web.argv_list": 'argv must be a list of strings, like ["serve", "tcp://127.0.0.1:0"]',
  "web.argv_long":
    "argv is too long: at most {args} arguments and {chars} characters in all (send big messages with /send)",
  "web.only_help": "nothing to run: that argv only shows help",
  "web.itself": "framecat web cannot run inside itself",
  "web.schema": "schema only prints: run framecat schema",
  "web.web": "--web is for the command line: this page shows it already",
  "web.sessions_full": "Cannot start more than {max} sessions: stop one first",
} as const;
