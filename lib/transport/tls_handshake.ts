/** The bound on a TLS handshake, for servers and clients alike. */
import { NetworkError } from "../errors.ts";

/**
 * Longest a handshake may take: a silent client cannot hold a --serial
 * server, and a client of a server that is not speaking TLS (a line server
 * waiting for a newline) does not wait for ever.
 */
const HANDSHAKE_MS = 10_000;

/** Why a client's handshake got no answer, most likely. */
export const SERVER_SILENT = "is the server speaking TLS? (for a plain one use tcp://)";

/**
 * What `handshake` gives; once HANDSHAKE_MS have passed, `abort` runs and a
 * NetworkError ends with `why`.
 */
export async function handshakeWithin<T>(
  handshake: () => Promise<T>,
  abort: () => void,
  why: string,
): Promise<T> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, HANDSHAKE_MS);
  try {
    return await handshake();
  } catch (err) {
    if (timedOut) {
      throw new NetworkError(`no TLS handshake within ${HANDSHAKE_MS / 1000} s: ${why}`);
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
