/**
 * Dialling a host by name as nc and curl do: every address it names, in turn,
 * until one answers.
 */

/** What `localhost` names (RFC 6761), whatever /etc/hosts says: both loopbacks, as curl takes it. */
const LOCALHOST = ["127.0.0.1", "::1"];

/**
 * Connects over TCP to each address `host` names in turn until one answers, as nc and curl
 * do. Deno.connect already tries every address the resolver gives (tests/first_touch_test.ts
 * holds it to that); `localhost` is also both loopbacks where /etc/hosts lists only one, so a
 * server on [::1] alone is reached too. `signal` abandons the connect, whichever address it is
 * trying.
 */
export async function connectTcp(
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<Deno.TcpConn> {
  if (!/(^|\.)localhost\.?$/i.test(host)) {
    return await Deno.connect({ hostname: host, port, signal });
  }
  let failure: unknown;
  for (const hostname of LOCALHOST) {
    try {
      return await Deno.connect({ hostname, port, signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      failure ??= err; // the first address's: the error a user of 127.0.0.1 expects
    }
  }
  throw failure;
}
