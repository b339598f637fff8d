/**
 * A unix stream listener and its socket file. Deno (2.9) removes a unix
 * listener's path when the listener closes, whatever file is there by then:
 * a server started on the same path after ours was removed would lose its
 * socket. So the socket is bound under a hidden name beside PATH and linked
 * to PATH (Deno removes the hidden name, already gone), and ours removes PATH
 * at close only while it is still the file it made (same device and inode).
 */

export interface UnixListenOptions {
  /**
   * Make the socket file with mode 0600 from its first moment, whatever the
   * umask: only its owner (and root) may connect. Default false: the umask's mode.
   */
  ownerOnly?: boolean;
}

/** A socket file this process made: where, and which file it is. */
interface SocketFile {
  path: string;
  dev: number;
  ino: number | null;
}

/** Listens on the unix path `path` (the caller has replaced a stale socket file there). */
export function listenUnix(path: string, options: UnixListenOptions = {}): Deno.Listener {
  const hidden = hiddenName(path);
  let listener: Deno.Listener;
  try {
    listener = bind(hidden, options);
  } catch {
    // The hidden name would not do (a path too long for one more byte): bound in place, where
    // Deno's close removes PATH whoever's it is then. Any failure here is PATH's own.
    return new UnixListener(bind(path, options), path);
  }
  try {
    // A link, unlike a rename, never replaces what is at PATH (a server's socket, a file).
    Deno.linkSync(hidden, path);
  } catch {
    Deno.removeSync(hidden);
    listener.close();
    // Taken between the stale check and now, or not linkable: bound in place, for its error.
    return new UnixListener(bind(path, options), path);
  }
  Deno.removeSync(hidden);
  return new UnixListener(listener, path);
}

/**
 * Binds `path`; ownerOnly makes its file 0600 as it is created. Deno.listen of a unix path is
 * synchronous, so no other JavaScript runs while the umask is changed.
 */
function bind(path: string, { ownerOnly = false }: UnixListenOptions): Deno.Listener {
  if (!ownerOnly) return Deno.listen({ transport: "unix", path });
  const umask = Deno.umask(0o177);
  try {
    return Deno.listen({ transport: "unix", path });
  } finally {
    Deno.umask(umask);
  }
}

/** A name in PATH's directory that no one else uses: `.fc` and 8 random hex digits. */
function hiddenName(path: string): string {
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  const random = [...crypto.getRandomValues(new Uint8Array(4))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${dir}.fc${random}`;
}

/** The socket file at `path` now (right after listening: the one we made). */
function socketFile(path: string): SocketFile {
  const { dev, ino } = Deno.lstatSync(path);
  return { path, dev, ino };
}

/** Removes `file` if it is still the one we made (not another server's, started since). */
function removeIfOurs(file: SocketFile): void {
  try {
    const now = Deno.lstatSync(file.path);
    if (now.isSocket && now.dev === file.dev && now.ino === file.ino) Deno.removeSync(file.path);
  } catch {
    // Gone already, or its directory with it.
  }
}

/** A Deno unix listener whose address is PATH and whose close removes PATH while it is ours. */
class UnixListener implements Deno.Listener {
  readonly addr: Deno.UnixAddr;
  readonly #file: SocketFile;

  constructor(readonly inner: Deno.Listener, path: string) {
    this.addr = { transport: "unix", path };
    this.#file = socketFile(path);
  }

  accept(): Promise<Deno.Conn> {
    return this.inner.accept();
  }

  close(): void {
    try {
      this.inner.close();
    } finally {
      removeIfOurs(this.#file);
    }
  }

  ref(): void {
    this.inner.ref();
  }

  unref(): void {
    this.inner.unref();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Deno.Conn> {
    return this.inner[Symbol.asyncIterator]();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
