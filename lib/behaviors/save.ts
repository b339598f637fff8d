/**
 * save: receive files sent with `json` framing (header `file_name`,
 * `total_size`, `md5`, then the body) into --dir, several per connection.
 *
 * The body is streamed to a temporary file as it is read — never held in
 * memory — and renamed to its name only once its md5 matches. Whatever goes
 * wrong (a refused name, an existing file, a body over --max-file, a md5
 * mismatch, a disk error, a connection cut mid-body) leaves nothing behind,
 * and the sender gets a JSON reply saying so. A file refused at its header is
 * still read to its end (and dropped), so the next file on the connection
 * can be received.
 *
 * A server killed mid-file (kill -9, a crash, a power cut) cannot remove its
 * temporary file: each is locked while it is written, the system drops a lock
 * with its holder, and a server starting on the directory removes the ones
 * nobody holds. Another live server's are locked, so they are left alone.
 */
import { join } from "node:path";
import { encodeText } from "../notation/text_encoding.ts";
import { saidOf, UsageError } from "../errors.ts";
import {
  announcedMd5,
  decodeChunk,
  FrameError,
  type JsonHeader,
  JsonStreamDecoder,
} from "../framing/mod.ts";
import { isTextHint } from "../framing/prefix.ts";
import { writeAll } from "../transport/stream.ts";
import { checkBaseName } from "./file_names.ts";
import { type Said, said, sayEn, saying } from "../i18n/say.ts";
import type { Behavior, BehaviorContext, Peer } from "./types.ts";
import { closeQuietly } from "../close.ts";

/** The reply to each file, sent as the message body (JSON text) with the send framing. */
type SaveReply =
  | {
    ok: true;
    file_name: string;
    total_size: number;
    md5: string;
    /** false when the header's md5 was not a digest to check against (the course sends a number). */
    md5_checked?: false;
    warning?: string;
  }
  | { ok: false; file_name?: unknown; error: string };

export function save(ctx: BehaviorContext): Behavior {
  const { dir } = ctx.options;
  makeDir(dir);
  const removed = removeLeftovers(dir);
  if (removed > 0) {
    ctx.emit({
      event: "info",
      kind: "note",
      ...saying(said("save.leftovers", { count: removed, dir })),
    });
  }
  const receivers = new Map<Peer, Receiver>();
  const cleanups = new Set<Promise<void>>();
  return {
    open: (peer) => void receivers.set(peer, new Receiver(peer, ctx)),
    data: (peer, chunk) => receivers.get(peer)!.push(chunk),
    end: (peer) => receivers.get(peer)?.end(),
    close(peer) {
      const receiver = receivers.get(peer);
      receivers.delete(peer);
      const cleanup = receiver?.abort();
      if (!cleanup) return;
      cleanups.add(cleanup);
      cleanup.finally(() => cleanups.delete(cleanup));
    },
    async stop() {
      await Promise.all(cleanups);
    },
  };
}

function makeDir(dir: string): void {
  try {
    Deno.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(said("save.cannot_create_dir", { dir, error: saidOf(err) }));
  }
}

/** A file being written: its temporary file, renamed at the end. */
interface Incoming {
  name: string;
  size: number;
  /** The md5 the header announced, lower case; undefined when it announced none. */
  md5?: string;
  /** Why the body is saved unverified: its header's md5 is not a hex digest. */
  unchecked?: Said;
  temp: string;
  file: Deno.FsFile;
  written: number;
}

/** One connection's files, in sequence. */
class Receiver {
  readonly #decoder: JsonStreamDecoder;
  readonly #dir: string;
  #incoming?: Incoming;
  /** A refused file's body is being read and dropped. */
  #skipping = false;

  constructor(readonly peer: Peer, readonly ctx: BehaviorContext) {
    const { prefix, maxHeader, dir } = ctx.options;
    this.#dir = dir;
    // The body bound is checked here, not by the decoder, so a refused file keeps the stream in step.
    this.#decoder = new JsonStreamDecoder({ prefix, maxHeader, maxBody: Number.MAX_SAFE_INTEGER });
  }

  /** The files (or their parts) a chunk completed are saved first, then bad bytes after them refused. */
  async push(chunk: Uint8Array): Promise<void> {
    const [parts, malformed] = decodeChunk(this.#decoder, chunk);
    for (const part of parts) {
      if (part.type === "header") await this.#begin(part.header, part.totalSize);
      else if (part.type === "body") await this.#write(part.bytes);
      else await this.#finish(part.md5!, part.md5ok);
    }
    if (malformed) await this.#malformed(malformed);
  }

  /**
   * Bad bytes: inside a file, that file fails. Between files, the sender is not speaking json
   * framing as we read it; the peer is told why, and the connection's error says it once.
   */
  async #malformed(err: FrameError): Promise<never> {
    if (this.#incoming) {
      await this.#fail(this.#incoming.name, err.said);
      throw err;
    }
    const why = inSaveTerms(err, this.ctx.options.maxFile);
    await this.#reply({ ok: false, error: `${why.message}: nothing saved` });
    throw why;
  }

  /** End of stream: a file cut short is removed. */
  async end(): Promise<void> {
    try {
      this.#decoder.end();
    } catch (err) {
      if (!(err instanceof FrameError)) throw err;
      const incoming = this.#incoming;
      if (incoming) {
        await this.#fail(
          incoming.name,
          said("save.ended_after", { written: incoming.written, size: incoming.size }),
        );
      } else if (!this.#skipping) {
        this.#error("failed", undefined, said("save.ended_mid_frame", { error: err.said }));
      }
    }
  }

  /** The connection is gone: a file in progress is removed (undefined: there was none). */
  abort(): Promise<void> | undefined {
    const incoming = this.#incoming;
    if (!incoming) return undefined;
    this.#incoming = undefined;
    return discard(incoming).then(() =>
      this.#error(
        "failed",
        incoming.name,
        said("save.closed_after", { written: incoming.written, size: incoming.size }),
      )
    );
  }

  async #begin(header: JsonHeader, size: number): Promise<void> {
    const { maxFile, overwrite } = this.ctx.options;
    let name: string;
    try {
      name = checkBaseName(header.file_name);
    } catch (err) {
      return this.#refuse(header.file_name, saidOf(err));
    }
    if (size > maxFile) {
      return this.#refuse(name, said("save.too_big", { size, max: maxFile }));
    }
    const md5 = announcedMd5(header);
    // The course's own sender puts a number there: the file is kept, unverified, and told so.
    const unchecked = header.md5 !== undefined && md5 === undefined
      ? uncheckedMd5(header.md5)
      : undefined;
    if (!overwrite && await exists(join(this.#dir, name))) {
      return this.#refuse(name, alreadyExists(name));
    }
    let temp: string;
    let file: Deno.FsFile;
    try {
      ({ temp, file } = await createPart(this.#dir));
    } catch (err) {
      return this.#refuse(name, said("save.cannot_create", { error: saidOf(err) }));
    }
    this.#incoming = { name, size, md5, unchecked, temp, file, written: 0 };
    const receiving = said("save.receiving", { name: JSON.stringify(name), size });
    this.#info("receiving", name, receiving, size);
  }

  async #write(bytes: Uint8Array): Promise<void> {
    const incoming = this.#incoming;
    if (!incoming) return; // the body of a refused file
    try {
      await writeAll(incoming.file, bytes);
      incoming.written += bytes.length;
    } catch (err) {
      await this.#fail(incoming.name, said("save.cannot_write", { error: saidOf(err) }));
      this.#skipping = true;
    }
  }

  async #finish(md5: string, md5ok: boolean | undefined): Promise<void> {
    const incoming = this.#incoming;
    this.#skipping = false;
    if (!incoming) return;
    if (md5ok === false) {
      const why = said("reason.md5", { announced: incoming.md5 ?? "", actual: md5 });
      return this.#fail(incoming.name, why);
    }
    this.#incoming = undefined;
    const target = join(this.#dir, incoming.name);
    try {
      // Moved while still open, so still locked: closed, a starting server could remove it first.
      await commit(incoming.temp, target, this.ctx.options.overwrite);
    } catch (err) {
      await discard(incoming);
      const why = err instanceof Deno.errors.AlreadyExists
        ? alreadyExists(incoming.name)
        : said("save.cannot_save", { error: saidOf(err) });
      return this.#refuse(incoming.name, why);
    }
    closeQuietly(incoming.file);
    const { unchecked } = incoming;
    const reply: SaveReply = {
      ok: true,
      file_name: incoming.name,
      total_size: incoming.size,
      md5,
      ...(unchecked ? { md5_checked: false, warning: sayEn(unchecked) } : {}),
    };
    const saved = said("save.saved", {
      name: JSON.stringify(incoming.name),
      size: incoming.size,
      md5,
      path: target,
    });
    this.#info(
      "saved",
      incoming.name,
      unchecked ? said("line.with", { line: saved, then: unchecked }) : saved,
      incoming.size,
      {
        md5,
        path: target,
        ...(unchecked ? { md5_checked: false } : {}),
      },
    );
    await this.#reply(reply);
  }

  /** Refuses a file at its header: its body will be read and dropped. */
  async #refuse(name: unknown, error: Said): Promise<void> {
    this.#skipping = true;
    this.#error("refused", name, said("save.refused", { file: fileLabel(name), error }));
    // The peer is told in English: its language is not ours to know.
    await this.#reply({ ok: false, file_name: name, error: sayEn(error) });
  }

  /** Gives up a file mid-way: its temporary file is removed. */
  async #fail(name: unknown, error: Said): Promise<void> {
    const incoming = this.#incoming;
    this.#incoming = undefined;
    if (incoming) await discard(incoming);
    this.#error("failed", name, said("save.not_saved", { file: fileLabel(name), error }));
    await this.#reply({ ok: false, file_name: name, error: `${sayEn(error)}: nothing saved` });
  }

  #reply(reply: SaveReply): Promise<void> {
    // The header of a json reply repeats `ok`, so a client can tell without parsing the body.
    return this.peer.send(encodeText(JSON.stringify(reply)), { ok: reply.ok });
  }

  #info(
    save: "receiving" | "saved",
    name: string,
    message: Said,
    size: number,
    saved: { md5?: string; path?: string; md5_checked?: false } = {},
  ): void {
    this.ctx.emit({
      event: "info",
      kind: "save",
      peer: this.peer.name,
      save,
      file_name: name,
      ...saying(message),
      total_size: size,
      ...saved,
    });
  }

  #error(save: "refused" | "failed", name: unknown, message: Said): void {
    this.ctx.emit({
      event: "error",
      peer: this.peer.name,
      save,
      ...(name === undefined ? {} : { file_name: name }),
      ...saying(message),
    });
  }
}

/** A temporary file's name: `.framecat-` and a random UUID, as createPart makes it. */
const PART_NAME = /^\.framecat-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;

/** Names tried for a temporary file, should a starting server remove one before it is locked. */
const PART_TRIES = 3;

/**
 * A new temporary file in `dir`, locked (advisory: flock, or LockFileEx on Windows) for as
 * long as it is open. Between its creation and its lock a server starting on the directory
 * could take it for a dead writer's and remove it: it is then made anew under another name.
 * A file system without locks leaves it unlocked, and such files are never removed.
 */
async function createPart(dir: string): Promise<{ temp: string; file: Deno.FsFile }> {
  for (let tries = 1;; tries++) {
    const temp = join(dir, `.framecat-${crypto.randomUUID()}.part`);
    const file = await Deno.open(temp, { write: true, createNew: true });
    try {
      await file.lock(true);
    } catch { /* no locks here: written unlocked */ }
    // Past the last try it is kept whatever: removed, its rename fails and the sender is told.
    if (tries === PART_TRIES || await stillNamed(temp, file)) return { temp, file };
    closeQuietly(file);
  }
}

/** Whether `path` still names the open `file` (undefined inode numbers: taken as yes). */
async function stillNamed(path: string, file: Deno.FsFile): Promise<boolean> {
  try {
    const [named, opened] = await Promise.all([Deno.lstat(path), file.stat()]);
    return named.ino === null || (named.ino === opened.ino && named.dev === opened.dev);
  } catch {
    return false;
  }
}

/**
 * Removes the temporary files in `dir` that no live writer holds, and says how many. Each
 * is removed while this server holds its lock, so no writer can take it up meanwhile; one
 * that cannot be opened or locked (a file system without locks) is left as it is.
 */
function removeLeftovers(dir: string): number {
  let removed = 0;
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return 0; // saving there fails too, and says why
  }
  for (const { name, isFile } of entries) {
    if (!isFile || !PART_NAME.test(name)) continue;
    const path = join(dir, name);
    try {
      // Opened for writing: an exclusive lock over NFS (fcntl underneath) needs it.
      using file = Deno.openSync(path, { read: true, write: true });
      if (!file.tryLockSync(true)) continue; // its writer is alive
      Deno.removeSync(path);
      removed++;
    } catch { /* gone already, or not ours to remove */ }
  }
  return removed;
}

/** Moves the finished file to its name; without `overwrite`, never over an existing file. */
async function commit(temp: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) return await Deno.rename(temp, target);
  try {
    // A hard link fails if the name exists: no window where another file could be replaced.
    await Deno.link(temp, target);
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) throw err;
    // No hard links on this file system: check, then rename.
    if (await exists(target)) throw new Deno.errors.AlreadyExists(target);
    return await Deno.rename(temp, target);
  }
  await Deno.remove(temp);
}

async function discard(incoming: Incoming): Promise<void> {
  closeQuietly(incoming.file);
  await Deno.remove(incoming.temp).catch(() => {});
}

/** A file as messages name it: its name quoted, or that none was named. */
function fileLabel(name: unknown): Said | string {
  return name === undefined ? said("save.no_name") : JSON.stringify(name);
}

/**
 * A header that cannot be read, in a save server's terms: a total_size past any file's (the
 * decoder's bound is the largest exact number) is over --max-file, the bound that applies;
 * text means the sender is not using --framing json at all.
 */
function inSaveTerms(err: FrameError, maxFile: number): FrameError {
  const { subject, reason, hint } = err.parts;
  if (reason.key === "reason.total_size_max") {
    const size = reason.vars?.size ?? "";
    return new FrameError(subject, err.offset, said("save.too_big", { size, max: maxFile }), hint);
  }
  if (!hint || !isTextHint(hint)) return err;
  const text = hint.vars?.text ?? "";
  return new FrameError(subject, err.offset, reason, said("hint.save_text", { text }));
}

/**
 * Why a header's md5 is not checked. The course's sender writes `int(hexdigest, 16)`, a number
 * of some 39 digits: parsed, it is a double that no longer holds them, so it is said to be a
 * number rather than quoted as a rounded one (3.35e+38).
 */
function uncheckedMd5(md5: unknown): Said {
  if (typeof md5 === "number" && !Number.isSafeInteger(md5)) return said("save.md5_number");
  return said("save.md5_unchecked", { md5: JSON.stringify(md5) });
}

/** Why a file is not saved over one of the same name in --dir. */
function alreadyExists(name: string): Said {
  return said("save.exists", { name });
}

/** Whether something is at `path` (what cannot be looked at counts as absent: commit checks again). */
async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
