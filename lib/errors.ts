/**
 * The errors framecat shows to users, each with the exit code it ends with.
 * Library code throws these; only main.ts turns them into an exit.
 */
/**
 * Exit codes of PRODUCT.md: 2 bad usage, 1 network failure (check: no target
 * reached), 3 malformed frame, 4 too few replies, 5 some check failed.
 */
export const EXIT = { ok: 0, network: 1, usage: 2, frame: 3, expect: 4, checkFailed: 5 } as const;

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

/** Fewer messages came back than --expect asked for (exit 4). */
export class TooFewMessages extends Error {
  override name = "TooFewMessages";
  constructor(got: number, expected: number) {
    super(`got ${got} of ${expected} messages`);
  }
}

/** A TLS client met a peer whose answer is not TLS; `answered` is what it said, shown escaped. */
export class NotTlsError extends Error {
  override name = "NotTlsError";
  constructor(answered?: string) {
    super(
      answered
        ? `the server is not speaking TLS: it answered ${answered}`
        : "the server is not speaking TLS",
    );
  }
}

/** TLS failures as rustls words them, and the fix for each. */
const TLS_HINTS: Array<[RegExp, string]> = [
  [/UnknownIssuer|unknown issuer/i, "use --ca FILE, or --insecure to skip the check"],
  [
    /not valid for name|NotValidForName/i,
    "connect by a name the certificate has, or say which name to check with --servername NAME",
  ],
  [
    /expired/i,
    "renew the certificate (or check this machine's clock), or --insecure to skip the check",
  ],
  [/not valid yet|NotValidYet/i, "check this machine's clock, or --insecure to skip the check"],
  [
    /alert: (UnknownCA|BadCertificate|CertificateUnknown)/,
    "the client does not trust this certificate: give it the CA (--ca-out FILE, then --ca FILE)",
  ],
  [/InvalidContentType|corrupt message/, "the peer is not speaking TLS: use tls:// on both sides"],
  [
    /got ClientHello when expecting ServerHello/,
    "the server sent our own ClientHello back: it is a plain echo server, use tcp://",
  ],
  [/CertificateRequired/, "the server asks for a client certificate: give --cert FILE --key FILE"],
];

/** The hint that usually fixes a failed socket operation, by Deno error class. */
export function networkHint(err: unknown): string | undefined {
  if (err instanceof NotTlsError) return "use tcp:// for a plain server";
  if (err instanceof Deno.errors.InvalidData) {
    return TLS_HINTS.find(([pattern]) => pattern.test(err.message))?.[1];
  }
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
export function toNetworkError(what: string, err: unknown, scheme = "tcp"): NetworkError {
  let hint = networkHint(err);
  // The server to start speaks the scheme of the endpoint that failed (tls://, udp://…).
  if (scheme !== "tcp" && hint) {
    hint = hint.replace("framecat serve PORT", `framecat serve ${scheme}://PORT`);
  }
  return new NetworkError(`Cannot ${what}: ${errorMessage(err)}`, hint);
}

/** An error's message and, when one is likely, the hint that fixes it. */
export function explainError(err: unknown): string {
  const hint = networkHint(err);
  return hint ? `${errorMessage(err)}; ${hint}` : errorMessage(err);
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(err: unknown): string {
  if (err instanceof Deno.errors.NotCapable) return notAllowed(err.message);
  return err instanceof Error ? err.message : String(err);
}

/**
 * Deno's refusal of a permission, without its advice to run again with a flag:
 * framecat's user runs a command or a binary, not `deno run`.
 */
function notAllowed(message: string): string {
  const asked = /^Requires (\w+) access to "?(.*?)"?, run again with/.exec(message);
  if (!asked) return message.replace(/, run again with .*$/, "");
  const [, kind, what] = asked;
  if (kind === "all") {
    return `framecat may not use "${what}": Deno opens paths under /proc, /dev and /sys only ` +
      "for a program allowed everything; choose a path elsewhere";
  }
  return `framecat is not allowed ${kind} access to "${what}"`;
}
