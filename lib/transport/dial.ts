/**
 * Dialling a host by name as nc and curl do: every address it names, in turn,
 * until one answers.
 */

/** What `localhost` names (RFC 6761), whatever /etc/hosts says: both loopbacks, as curl takes it. */
const LOCALHOST = ["127.0.0.1", "::1"];

/**
 * Longest a connect waits for an answer, as a TLS handshake does: a host that drops our SYN (a
 * full listen queue, a firewall, a host that is down) would hold the command for the system's
 * two minutes of retries (`tcp_syn_retries`), through --wait and --duration.
 */
export const CONNECT_MS = 10_000;

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
  timeoutMs = CONNECT_MS,
): Promise<Deno.TcpConn> {
  const timeout = Number.isFinite(timeoutMs) ? AbortSignal.timeout(timeoutMs) : undefined;
  const bounded = timeout && signal ? AbortSignal.any([signal, timeout]) : timeout ?? signal;
  // The caller's stop is the caller's; a connect that ran out of time is a network failure.
  const timedOut = (err: unknown) =>
    timeout?.aborted && !signal?.aborted
      ? new Deno.errors.TimedOut(`no answer within ${timeoutMs / 1000} s`)
      : err;
  if (!/(^|\.)localhost\.?$/i.test(host)) {
    try {
      return await Deno.connect({ hostname: host, port, signal: bounded });
    } catch (err) {
      throw timedOut(err);
    }
  }
  let failure: unknown;
  for (const hostname of LOCALHOST) {
    try {
      return await Deno.connect({ hostname, port, signal: bounded });
    } catch (err) {
      if (bounded?.aborted) throw timedOut(err);
      failure ??= err; // the first address's: the error a user of 127.0.0.1 expects
    }
  }
  throw failure;
}
