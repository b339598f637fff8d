/** The options of each command, as parsed and checked by the command line. */
import type { Framing, JsonHeader, Prefix } from "../framing/types.ts";
import type { Output } from "../display/output.ts";
import type { Endpoint, NetEndpoint } from "../transport/endpoint.ts";
import type { Delay, Range } from "./units.ts";
import type { GroupOptions } from "../transport/multicast.ts";

export type { GroupOptions };

export const BEHAVIORS = [
  "echo",
  "upper",
  "discard",
  "print",
  "exec",
  "time",
  "chat",
  "save",
] as const;
export type Behavior = typeof BEHAVIORS[number];

/** How events are shown (every command). */
export interface DisplayOptions {
  /** Default `text`. */
  output: Output;
  /** WHATWG label for showing and typing text. Default `utf-8`. */
  encoding: string;
  /** -q. Default false. */
  quiet: boolean;
  /** -v. Default false. */
  verbose: boolean;
  /** --web: also show the command in the browser, served here. */
  web?: NetEndpoint;
}

/** Options shared by serve, connect, relay and sink (PRODUCT.md). */
export interface CommonOptions extends DisplayOptions {
  /** Framing of what we write. Default `--framing`, itself default `raw`. */
  sendFraming: Framing;
  /** Framing of what we read. Default `--framing`. */
  recvFraming: Framing;
  /** Default `u32be`. */
  prefix: Prefix;
  /** Largest frame accepted, bytes. Default 16 MiB. */
  maxFrame: number;
  /** Largest JSON header accepted, bytes. Default 64 KiB. */
  maxHeader: number;
  /** Bytes asked of each read; the UDP receive buffer. Default 65536. */
  readSize: number;
  /** Wait before each read, ms. Default 0. */
  readDelay: number;
  /** TCP_NODELAY. Default false. */
  nodelay: boolean;
}

/** How text given by the user becomes bytes (serve and connect). */
export interface TextInputOptions {
  /** Lines end with `\r\n` on the wire (nc -C). Default false. */
  crlf: boolean;
  /** -e: `--send` text and typed lines may hold `\r`, `\n`, `\t`, `\0`, `\\`, `\xHH`. Default false. */
  escapes: boolean;
}

export interface ServeOptions extends CommonOptions, TextInputOptions, GroupOptions {
  endpoint: Endpoint;
  /** Default `echo`. */
  behavior: Behavior;
  /** One connection at a time. Default false. */
  serial: boolean;
  /** Exit after the first connection (TCP) or exchange (UDP). Default false. */
  once: boolean;
  /** Connections beyond this are closed at once. Default unlimited. */
  maxConns?: number;
  /** Close a peer silent this long, ms. Default none. */
  idleTimeout?: number;
  /** exec: allow a non-loopback bind. Default false. */
  execPublic: boolean;
  /** exec: kill commands after this, ms. Default 10 s. */
  execTimeout: number;
  /** chat: drop a peer silent this long, ms. Default 10 s. */
  interval: number;
  /** save: where files go. Default `./received`. */
  dir: string;
  /** save: largest file body, bytes. Default 4 GiB. */
  maxFile: number;
  /** save: replace existing files. Default false. */
  overwrite: boolean;
}

export interface ConnectOptions extends CommonOptions, TextInputOptions, GroupOptions {
  endpoint: Endpoint;
  /** --send / --send-hex payloads, in command-line order. */
  sends: Uint8Array[];
  /** A file sent as one message. */
  sendFile?: string;
  /** --header KEY=VALUE fields for a json header. */
  headers: JsonHeader;
  /** Repeat the sends N times. Default 1. */
  count: number;
  /** Pause between sends, ms (0: back to back). Default 0. */
  interval: number;
  /** Exit after N messages came back. */
  expect?: number;
  /** After the last send, wait this long for replies, ms. Default 1000 when not interactive. */
  wait?: number;
  /** Shut the write side after sending. Default false. */
  halfClose: boolean;
  /** Send `^hb^` every this many ms. */
  heartbeat?: number;
}

export const DIRECTIONS = ["both", "up", "down"] as const;
export type Direction = typeof DIRECTIONS[number];

export interface RelayOptions extends CommonOptions {
  listen: Endpoint;
  target: Endpoint;
  /** Seed of every random choice; printed when not given. */
  seed: number;
  seedGiven: boolean;
  slice?: Range;
  /** ms */
  coalesce?: number;
  delay?: Delay;
  /** bytes per second */
  rate?: number;
  closeAfter?: number;
  resetAfter?: number;
  stallAfter?: number;
  /** Default `both`. */
  direction: Direction;
  /** percent, 0..100 */
  loss: number;
  dup: number;
  reorder: number;
  truncate?: number;
  /** UDP sessions idle this long expire, ms. Default 60 s. */
  idleTimeout: number;
}

export interface SinkOptions extends CommonOptions, GroupOptions {
  endpoint: Endpoint;
  /** A report line every this many ms. */
  interval?: number;
  /** Exit after the first flood ends. Default false. */
  once: boolean;
  /** Exit after this long without traffic, ms. */
  idleTimeout?: number;
}

export interface FloodOptions extends DisplayOptions, GroupOptions {
  endpoint: Endpoint;
  /** Bytes per datagram (UDP) or per write (TCP). Default 1400 UDP, 1 MiB TCP. */
  size?: number;
  count?: number;
  /** ms */
  duration?: number;
  /** packets/s (UDP), bytes/s (TCP); 0 = as fast as possible. Default 0. */
  rate: number;
  /** Measure round trips against an echo server. Default false. */
  rtt: boolean;
  /** After the last send, wait this long for echoes, ms. Default 1000. */
  wait: number;
  /** Testing aid (hidden): TCP flips the byte at this connection offset. */
  corruptAt?: number;
}

export const LANGS = ["en", "zh"] as const;
export type Lang = typeof LANGS[number];

export interface DemoOptions extends DisplayOptions {
  name?: string;
  lang: Lang;
}

export interface WebOptions {
  /** Where the page listens. Default 127.0.0.1:0. */
  address: NetEndpoint;
  /** How the address is printed: text, or a `listening` event. Default text. */
  output: "text" | "json";
}
