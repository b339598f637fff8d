/**
 * The options of each command, as parsed and checked by the command line:
 * the typed values of its option tables (tables.ts, where each option's help,
 * default and unit are), plus what the command line computes from them.
 */
import type { Pattern } from "../replies/pattern.ts";
import type { Framing, JsonHeader } from "../framing/types.ts";
import type { Endpoint, NetEndpoint } from "../transport/endpoint.ts";
import type { GroupOptions } from "../transport/multicast.ts";
import type { Values } from "./table.ts";
import type { ReplyRule } from "../replies/rule.ts";
import type { Output } from "../display/output.ts";
import {
  type BEHAVIORS,
  type CHECK,
  type CHECK_DISPLAY,
  type CHECK_NAMES,
  type COMMON,
  type CONNECT,
  type DIRECTIONS,
  type DISPLAY,
  type FLOOD,
  LANGS,
  type RELAY,
  type SERVE,
  type SINK,
  type TALK,
  type TEXT_INPUT,
  type WEB,
} from "./tables.ts";

export type { GroupOptions };
/** The demos' languages, for the web page and its tests. */
export { LANGS };

export type Behavior = typeof BEHAVIORS[number];
export type Direction = typeof DIRECTIONS[number];
export type Lang = typeof LANGS[number];

/** How events are shown (every command); --web-public is checked against --web, then dropped. */
export type DisplayOptions = Omit<Values<typeof DISPLAY>, "webPublic">;

/** Options shared by serve, connect, relay and sink (PRODUCT.md). */
export interface CommonOptions extends DisplayOptions, Omit<Values<typeof COMMON>, "framing"> {
  /** Framing of what we write: --send-framing, else --framing. */
  sendFraming: Framing;
  /** Framing of what we read: --recv-framing, else --framing. */
  recvFraming: Framing;
}

/** How text given by the user becomes bytes (serve and connect). */
export type TextInputOptions = Values<typeof TEXT_INPUT>;

/** Talking back (serve and connect): --checksum, and the rules of --reply and --replies. */
export interface TalkOptions extends Omit<Values<typeof TALK>, "reply" | "replies"> {
  /** The rules of --reply and --replies FILE, in command-line order (a file's in its order). */
  replies: ReplyRule[];
}

export interface ServeOptions
  extends Values<typeof SERVE>, CommonOptions, TextInputOptions, TalkOptions, GroupOptions {
  endpoint: Endpoint;
}

export interface ConnectOptions
  extends
    Omit<Values<typeof CONNECT>, "send" | "sendHex" | "header" | "expectMatch">,
    CommonOptions,
    TextInputOptions,
    TalkOptions,
    GroupOptions {
  endpoint: Endpoint;
  /** --send / --send-hex payloads, in command-line order. */
  sends: Uint8Array[];
  /** --header KEY=VALUE fields for a json header. */
  headers: JsonHeader;
  /** --expect-match: the reply-rule pattern a message must match. */
  expectMatch?: Pattern;
}

export interface RelayOptions extends Values<typeof RELAY>, CommonOptions {
  listen: Endpoint;
  target: Endpoint;
  /** Seed of every random choice: --seed, else drawn (and printed). */
  seed: number;
  seedGiven: boolean;
}

export interface SinkOptions extends Values<typeof SINK>, CommonOptions, GroupOptions {
  endpoint: Endpoint;
}

export interface FloodOptions extends Values<typeof FLOOD>, DisplayOptions, GroupOptions {
  endpoint: Endpoint;
}

export interface DemoOptions extends DisplayOptions {
  name?: string;
  /** --lang, else from the locale. */
  lang: Lang;
}

/** A built-in check of framecat check. */
export type CheckName = typeof CHECK_NAMES[number];

export interface CheckOptions
  extends Values<typeof CHECK>, Omit<Values<typeof CHECK_DISPLAY>, "webPublic"> {
  /** A built-in check's name, or a scenario file. */
  check: string;
  /** The targets given as arguments (--targets adds those of its file). */
  targetArgs: string[];
  /** --lang, else from the locale. */
  lang: Lang;
  /** How events are shown where every command's are (a session, --web): json with --report json. */
  output: Output;
}

export interface WebOptions extends Omit<Values<typeof WEB>, "webPublic"> {
  /** Where the page listens. Default 127.0.0.1:0. */
  address: NetEndpoint;
}
