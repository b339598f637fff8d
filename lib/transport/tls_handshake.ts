/** The bound on a TLS handshake, for servers and clients alike. */
import { NetworkError } from "../errors.ts";
import { type Said, said } from "../i18n/say.ts";

/**
 * Longest a handshake may take: a silent client cannot hold a --serial
 * server, and a client of a server that is not speaking TLS (a line server
 * waiting for a newline) does not wait for ever.
 */
const HANDSHAKE_MS = 10_000;

/** Why a client's handshake got no answer, most likely. */
export const SERVER_SILENT: Said = said("tls.server_silent");

/**
 * What `handshake` gives; once HANDSHAKE_MS have passed, `abort` runs and a
 * NetworkError ends with `why`.
 */
export async function handshakeWithin<T>(
  handshake: () => Promise<T>,
  abort: () => void,
  why: Said,
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
      throw new NetworkError(said("tls.no_handshake", { seconds: HANDSHAKE_MS / 1000, why }));
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
