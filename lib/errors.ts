/**
 * The errors framecat shows to users, each with the exit code it ends with.
 * Library code throws these; only main.ts turns them into an exit.
 */

/** Exit codes of PRODUCT.md: 2 bad usage, 1 network failure, 3 malformed frame. */
export const EXIT = { ok: 0, network: 1, usage: 2, frame: 3 } as const;

/** A user mistake on the command line: bad value, bad combination (exit 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A network failure: refused, reset, in use, unreachable (exit 1). */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(message: string, readonly hint?: string) {
    // The hint follows as a second clause: the OS reason often ends in "(os error N)" already.
    super(hint ? `${message}; ${hint}` : message);
  }
}

/** The hint that usually fixes a failed socket operation, by Deno error class. */
export function networkHint(err: unknown): string | undefined {
  if (err instanceof Deno.errors.ConnectionRefused) {
    return "is a server listening there? start one with: framecat serve PORT";
  }
  if (err instanceof Deno.errors.AddrInUse) {
    return "another program has that port; pick another or use port 0 for a free one";
  }
  if (err instanceof Deno.errors.PermissionDenied) {
    return "ports below 1024 need root; pick a port above 1024";
  }
  if (err instanceof Deno.errors.ConnectionReset) {
    return "the peer closed the connection abruptly";
  }
  if (err instanceof Deno.errors.AddrNotAvailable) {
    return "that address is not on this machine; use 127.0.0.1 or 0.0.0.0";
  }
  if (err instanceof Deno.errors.NetworkUnreachable) {
    return "no route to that network; for a broadcast or group address, choose the interface with --iface";
  }
  if (err instanceof Deno.errors.TimedOut) {
    return "no answer from the peer; is the host up?";
  }
  if (err instanceof Deno.errors.NotFound) {
    return "check the host name or socket path";
  }
  return undefined;
}

/** Wraps a failed socket operation as a one-line NetworkError with a hint. */
export function toNetworkError(what: string, err: unknown): NetworkError {
  return new NetworkError(`Cannot ${what}: ${errorMessage(err)}`, networkHint(err));
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
