/**
 * The servers to check: endpoints on the command line, or a targets file
 * with one `NAME ENDPOINT` a line (`#` starts a comment), as a teacher
 * writes down a class. Each is checked while it is read, with the line
 * that is wrong named in the message.
 */
import { saidOf, UsageError } from "../errors.ts";
import { parseEndpoint } from "../options/endpoint.ts";
import { type Endpoint, formatEndpoint } from "../transport/endpoint.ts";
import type { Target } from "./case.ts";
import { said } from "../i18n/say.ts";

/** Targets one check takes: a class of 40 is far below, a typo that loops is not. */
export const MAX_TARGETS = 1000;
/** Bytes of a targets file read at most (1000 lines of a name and an address fit well within). */
const MAX_FILE_BYTES = 1024 * 1024;

/** A scheme written out, or socat's TCP:/UDP: spelling. */
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/|^(tcp[46]?|udp[46]?):/i;

/**
 * An endpoint for a check that speaks `transport`: a bare HOST:PORT is UDP
 * for a UDP check; a written-out scheme of the other transport is refused.
 */
export function targetEndpoint(
  text: string,
  transport: "stream" | "datagram",
  check: string,
): Endpoint {
  const ep = parseEndpoint(text, "connect");
  const written = SCHEME.test(text);
  if (ep.transport !== "unix" && ep.tls) {
    throw new UsageError(said("targets.plain_only", { text }));
  }
  if (transport === "datagram") {
    if (ep.transport === "udp") return ep;
    if (ep.transport === "tcp" && !written) return { ...ep, transport: "udp" };
    throw new UsageError(said("targets.udp_only", { text, check }));
  }
  if (ep.transport === "udp") {
    throw new UsageError(said("targets.tcp_only", { text, check }));
  }
  return ep;
}

function target(name: string, text: string, transport: "stream" | "datagram", check: string) {
  const endpoint = targetEndpoint(text, transport, check);
  return { name, endpoint, address: formatEndpoint(endpoint) };
}

/** The targets given as arguments: each is named by its endpoint as written. */
export function argumentTargets(
  texts: string[],
  transport: "stream" | "datagram",
  check: string,
): Target[] {
  return texts.map((text) => target(text, text, transport, check));
}

/** The targets of a file's text (`path` names it in messages). */
export function fileTargets(
  text: string,
  path: string,
  transport: "stream" | "datagram",
  check: string,
): Target[] {
  const targets: Target[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") return;
    const at = said("targets.at", { path, line: i + 1 });
    const words = line.split(/\s+/);
    if (words.length !== 2) {
      throw new UsageError(said("targets.line", { at, line }));
    }
    const [name, endpoint] = words;
    const before = seen.get(name);
    if (before !== undefined) {
      throw new UsageError(said("targets.name_twice", { at, name, before }));
    }
    seen.set(name, i + 1);
    if (targets.length >= MAX_TARGETS) {
      throw new UsageError(said("targets.too_many", { path, max: MAX_TARGETS }));
    }
    try {
      targets.push(target(name, endpoint, transport, check));
    } catch (err) {
      if (err instanceof UsageError) {
        throw new UsageError(said("rule.at_line", { at, error: err.said }));
      }
      throw err;
    }
  });
  return targets;
}

/** Reads a targets file: one line saying why when it cannot be read. */
export async function readTargetsFile(path: string): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (err) {
    throw new UsageError(said("targets.file", { path, why: saidOf(err) }));
  }
  using _ = file;
  const info = await file.stat();
  if (!info.isFile) {
    throw new UsageError(said("targets.file", { path, why: said("targets.not_file") }));
  }
  if (info.size > MAX_FILE_BYTES) {
    throw new UsageError(said("targets.file", { path, why: said("targets.large") }));
  }
  const bytes = new Uint8Array(info.size);
  let off = 0;
  while (off < bytes.length) {
    const n = await file.read(bytes.subarray(off));
    if (n === null) break;
    off += n;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, off));
  } catch {
    throw new UsageError(said("targets.file", { path, why: said("targets.not_utf8") }));
  }
}
