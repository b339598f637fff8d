/**
 * The errors framecat shows to users, each with the exit code it ends with.
 * Library code throws these; only main.ts turns them into an exit. Each
 * carries its message as a sentence of framecat's catalogues (`said`, see
 * lib/i18n/), said in the user's language where it is shown; `message` is
 * the English one.
 */
import { listed, type Said, said, sayEn, type WordKey } from "./i18n/say.ts";
/**
 * Exit codes of PRODUCT.md: 2 bad usage, 1 network failure (check: no target
 * reached), 3 malformed frame, 4 too few replies, 5 some check failed.
 */
export const EXIT = {
  ok: 0,
  network: 1,
  usage: 2,
  frame: 3,
  expect: 4,
  checkFailed: 5,
  /** A check stopped (Ctrl-C, the page's Stop) before all its cases ran: 128 + SIGINT, as shells say. */
  checkStopped: 130,
} as const;

/** An error whose message is a sentence of the catalogues: said in any language where it is shown. */
export class SaidError extends Error {
  /** The message, for any language. */
  readonly said: Said;
  constructor(sentence: Said | string) {
    const whole = typeof sentence === "string" ? said("text", { text: sentence }) : sentence;
    super(sayEn(whole));
    this.said = whole;
  }
}

/** A value out of its bounds (a reply too large, a name refused), said in any language. */
export class SaidRangeError extends RangeError {
  readonly said: Said;
  constructor(sentence: Said) {
    super(sayEn(sentence));
    this.said = sentence;
  }
}

/** A user mistake on the command line: bad value, bad combination (exit 2). */
export class UsageError extends SaidError {
  override name = "UsageError";
}

/** A network failure: refused, reset, in use, unreachable (exit 1). */
export class NetworkError extends SaidError {
  override name = "NetworkError";
  /** What usually fixes it, in English (the sentence is the end of `said`). */
  readonly hint?: string;
  constructor(message: Said | string, hint?: Said | string) {
    const what = typeof message === "string" ? said("text", { text: message }) : message;
    const fix = typeof hint === "string" ? said("text", { text: hint }) : hint;
    // The hint follows as a second clause, after the reason's own words.
    super(fix ? said("error.with_hint", { error: what, hint: fix }) : what);
    if (fix) this.hint = sayEn(fix);
  }
}

/**
 * What connect waited for did not come back: --expect's messages, --expect-bytes,
 * --expect-match, a file's acknowledgement (exit 4).
 */
export class Unanswered extends SaidError {
  override name = "Unanswered";
}

/**
 * What connect waited for came back as a malformed frame (exit 3, as the frame's own error):
 * said once more for what it leaves unknown, e.g. whether a file was saved.
 */
export class MalformedReply extends SaidError {
  override name = "MalformedReply";
}

/** Fewer messages (or bytes) came back than --expect (--expect-bytes) asked for (exit 4). */
export class TooFewMessages extends Unanswered {
  override name = "TooFewMessages";
  constructor(
    got: number,
    expected: number,
    what: "messages" | "bytes" = "messages",
    hint?: Said,
  ) {
    const short = said(what === "bytes" ? "error.too_few_bytes" : "error.too_few", {
      got,
      expected,
    });
    super(hint ? said("error.with_hint", { error: short, hint }) : short);
  }
}

/** A TLS client met a peer whose answer is not TLS; `answered` is what it said, shown escaped. */
export class NotTlsError extends SaidError {
  override name = "NotTlsError";
  constructor(answered?: string) {
    super(answered ? said("error.not_tls_answered", { answered }) : said("error.not_tls"));
  }
}

/**
 * A TLS handshake in which the two sides take no protocol in common (ALPN).
 * `ours` is the --alpn list of this side: offered (client) or taken (server);
 * the peer's is not known (rustls does not say what it was offered).
 * `certain` is false for a client whose handshake was reset, as a Deno
 * server (framecat's) sometimes does instead of sending its alert.
 */
export class NoCommonProtocol extends SaidError {
  override name = "NoCommonProtocol";
  constructor(
    readonly side: "client" | "server",
    readonly ours: string[],
    cause: Error,
    readonly certain = true,
  ) {
    super(saidOf(cause));
  }
}

/** True for rustls's failure of a handshake that found no protocol in common (either side's words). */
export function isNoCommonProtocol(err: unknown): err is Error {
  return err instanceof Error && ALPN_FAILURE.test(err.message);
}
const ALPN_FAILURE = /NoApplicationProtocol|doesn't support any known protocol/;

/** TLS failures as rustls words them (its own identifiers), and the fix for each. */
const TLS_HINTS: Array<[RegExp, WordKey]> = [
  [/UnknownIssuer|unknown issuer/i, "hint.tls_unknown_issuer"],
  [/CaUsedAsEndEntity/, "hint.tls_ca_as_server"],
  [/not valid for name|NotValidForName/i, "hint.tls_name"],
  [/expired/i, "hint.tls_expired"],
  [/not valid yet|NotValidYet/i, "hint.tls_not_yet"],
  [/alert: UnknownCA/, "hint.tls_untrusted"],
  // rustls clients send these for a name the certificate lacks and for a CA:TRUE certificate.
  [/alert: (BadCertificate|CertificateUnknown)/, "hint.tls_refused"],
  [ALPN_FAILURE, "hint.tls_alpn"],
  [/InvalidContentType|corrupt message/, "hint.tls_not_tls"],
  [/got ClientHello when expecting ServerHello/, "hint.tls_echo"],
  [/CertificateRequired/, "hint.tls_client_cert"],
];

/**
 * The server a refused connect asks to be started: its command and where it listens, as the
 * command line takes it (`serve 19555`, `sink udp://19555`).
 */
export interface ServerToStart {
  command: "serve" | "sink";
  at: string;
}

/**
 * The hint that usually fixes a failed socket operation, by Deno error class. `loopback`: the
 * operation was on this machine's own address (127.0.0.1, ::1), where no route means lo is down.
 * `start`: the server a refusal asks for (unknown: a server of `scheme` on PORT).
 */
export function networkHint(
  err: unknown,
  scheme = "tcp",
  loopback = false,
  start?: ServerToStart,
): Said | undefined {
  if (err instanceof NotTlsError) return said("hint.plain_server");
  if (err instanceof NoCommonProtocol) {
    const key = err.side === "server"
      ? "hint.tls_alpn_taken"
      : err.certain
      ? "hint.tls_alpn_offered"
      : "hint.tls_alpn_reset";
    return said(key, { list: err.ours.join(",") });
  }
  if (err instanceof Deno.errors.InvalidData) {
    const key = TLS_HINTS.find(([pattern]) => pattern.test(err.message))?.[1];
    return key === undefined ? undefined : said(key);
  }
  if (err instanceof Deno.errors.AddrInUse && scheme === "unix") return said("hint.in_use_unix");
  // The server hung up on our ClientHello: a plain server that could not read it, most often.
  if (err instanceof Deno.errors.UnexpectedEof && scheme === "tls") return said("hint.tls_hung_up");
  if (isLookupFailure(err)) return said("hint.lookup");
  if (err instanceof Deno.errors.NetworkUnreachable && loopback) return said("hint.loopback_down");
  if (err instanceof Deno.errors.ConnectionRefused) {
    // The server to start speaks the scheme of the endpoint that failed (tls://, udp://…).
    const { command, at } = start ??
      { command: "serve", at: scheme === "tcp" ? "PORT" : `${scheme}://PORT` };
    return said("hint.refused", { command, at });
  }
  const key = HINTS.find(([Class]) => err instanceof Class)?.[1];
  return key === undefined ? undefined : said(key);
}

/** A host name the resolver does not know (Deno throws a plain Error for it). */
function isLookupFailure(err: unknown): err is Error {
  return err instanceof Error && /^failed to lookup address information/.test(err.message);
}

/** The hint of each other failure, by Deno error class. */
const HINTS: Array<[new (message: string) => Error, WordKey]> = [
  [Deno.errors.AddrInUse, "hint.in_use"],
  [Deno.errors.PermissionDenied, "hint.low_port"],
  [Deno.errors.ConnectionReset, "hint.reset"],
  [Deno.errors.AddrNotAvailable, "hint.not_here"],
  [Deno.errors.NetworkUnreachable, "hint.unreachable"],
  [Deno.errors.TimedOut, "hint.timed_out"],
  [Deno.errors.NotFound, "hint.not_found"],
];

/**
 * A failed socket operation as a one-line NetworkError with a hint.
 * @param what the operation, e.g. `said("net.connect", { to })`: "Cannot connect to …"
 * @param loopback whether it was on this machine's own address (see {@linkcode networkHint})
 * @param start the server a refusal asks for
 */
export function toNetworkError(
  what: Said,
  err: unknown,
  scheme = "tcp",
  loopback = false,
  start?: ServerToStart,
): NetworkError {
  return new NetworkError(
    said("net.cannot", { what, error: saidOf(err) }),
    networkHint(err, scheme, loopback, start),
  );
}

/** An error's sentence and, when one is likely, the hint that fixes it. */
export function explainError(err: unknown): Said {
  const hint = networkHint(err);
  return hint ? said("error.with_hint", { error: saidOf(err), hint }) : saidOf(err);
}

/**
 * The message of anything thrown, in English: an Error's message (the system's
 * reason in its plain words), else the value as text.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Deno.errors.NotCapable) return sayEn(notAllowed(err.message));
  if (isSystemError(err)) return plainReason(err.message);
  return err instanceof Error ? err.message : String(err);
}

/** One of Deno's own error classes (a socket's, a file's, the system's). */
export function isDenoError(err: unknown): boolean {
  return Object.values(Deno.errors).some((Class) => err instanceof Class);
}

/** An error of the system, as Deno throws it (not one of framecat's own): by its class or its number. */
function isSystemError(err: unknown): err is Error {
  return err instanceof Error && !isSaid((err as { said?: unknown }).said) &&
    (isDenoError(err) || / \(os error \d+\)/.test(err.message));
}

/**
 * The system's reason without what Deno adds to it: the error number
 * (" (os error 2)") and the call with its path (": readfile 'x.pem'"). The
 * sentence around it already names the file or the address.
 */
function plainReason(message: string): string {
  return message.replace(/ \(os error \d+\)/, "").replace(/: [a-z_]+ '.*'$/s, "");
}

/**
 * The sentence of anything thrown: its own (framecat's errors carry one), the
 * system's reason by its class (in English as the system words it, in Chinese
 * by what it means), else its text as it is.
 */
export function saidOf(err: unknown): Said {
  const own = (err as { said?: unknown } | undefined)?.said;
  if (err instanceof Error && isSaid(own)) return own;
  if (err instanceof Deno.errors.NotCapable) return notAllowed(err.message);
  const text = errorMessage(err);
  if (isLookupFailure(err)) return said("os.lookup", { text });
  // rustls's refusals of a certificate come as InvalidData: a certificate, not bad bytes.
  if (err instanceof Deno.errors.InvalidData && /certificate/i.test(text)) {
    return certificateRefused(text);
  }
  // The peer's TLS alert (it refused our certificate, or the handshake): its words, not bad data.
  if (err instanceof Deno.errors.InvalidData && /^received fatal alert: /.test(text)) {
    return said("os.tls_alert", { text });
  }
  const key = OS_WORDS.find(([words]) => words.test(text))?.[1] ??
    OS_REASONS.find(([Class]) => err instanceof Class)?.[1];
  return said(key ?? "text", { text });
}

/**
 * The system's reasons told by their words (errno's strerror): those Deno gives no class of its
 * own, and a missing file, whose class (NotFound) is a host's or a path's too.
 */
const OS_WORDS: [RegExp, WordKey][] = [
  [/^No such file or directory\b/, "os.no_file"],
  [/^No such device\b/, "os.no_device"],
  [/^No buffer space available\b/, "os.no_buffers"],
];

/**
 * rustls's refusal of a server's certificate in words: its identifiers
 * (`CaUsedAsEndEntity`, `DnsName("localhost")`) said as what they mean.
 */
function certificateRefused(text: string): Said {
  if (/CaUsedAsEndEntity/.test(text)) return said("os.ca_as_server");
  const names = /not valid for name (.*); certificate is only valid for (.*)$/.exec(text);
  if (!names) return said("os.bad_certificate", { text });
  const valid = names[2].split(/, | or /).map(presentedName);
  return said("os.cert_name", { name: names[1], names: listed(valid, "list.or") });
}

/** A name as rustls shows it (`DnsName("a.example")`, `IpAddress(0::1)`), as people write it. */
function presentedName(shown: string): string {
  const dns = /^DnsName\("(.*)"\)$/.exec(shown);
  if (dns) return dns[1];
  const ip = /^IpAddress\((.*)\)$/.exec(shown);
  if (!ip) return shown;
  if (!ip[1].includes(":")) return ip[1];
  try {
    return new URL(`http://[${ip[1]}]/`).hostname.slice(1, -1);
  } catch {
    return ip[1];
  }
}

function isSaid(value: unknown): value is Said {
  return typeof value === "object" && value !== null &&
    typeof (value as { key?: unknown }).key === "string";
}

/** The system's failures framecat meets, by Deno error class: `os.*` says `{text}` in English. */
const OS_REASONS: Array<[new (message: string) => Error, WordKey]> = [
  [Deno.errors.ConnectionRefused, "os.refused"],
  [Deno.errors.ConnectionReset, "os.reset"],
  [Deno.errors.ConnectionAborted, "os.aborted"],
  [Deno.errors.NotConnected, "os.not_connected"],
  [Deno.errors.AddrInUse, "os.in_use"],
  [Deno.errors.AddrNotAvailable, "os.not_here"],
  [Deno.errors.NetworkUnreachable, "os.unreachable"],
  [Deno.errors.TimedOut, "os.timed_out"],
  [Deno.errors.BrokenPipe, "os.broken_pipe"],
  [Deno.errors.UnexpectedEof, "os.unexpected_eof"],
  [Deno.errors.WriteZero, "os.write_zero"],
  [Deno.errors.NotFound, "os.not_found"],
  [Deno.errors.PermissionDenied, "os.permission"],
  [Deno.errors.AlreadyExists, "os.exists"],
  [Deno.errors.IsADirectory, "os.is_dir"],
  [Deno.errors.NotADirectory, "os.not_dir"],
  [Deno.errors.BadResource, "os.bad_resource"],
  [Deno.errors.Interrupted, "os.interrupted"],
  [Deno.errors.Busy, "os.busy"],
  [Deno.errors.NotSupported, "os.not_supported"],
  [Deno.errors.InvalidData, "os.invalid_data"],
];
/**
 * Deno's refusal of a permission, without its advice to run again with a flag:
 * framecat's user runs a command or a binary, not `deno run`.
 */
function notAllowed(message: string): Said {
  const asked = /^Requires (\w+) access to "?(.*?)"?, run again with/.exec(message);
  if (!asked) return said("text", { text: message.replace(/, run again with .*$/, "") });
  const [, kind, what] = asked;
  if (kind === "all") return said("os.not_allowed_special", { what });
  return said("os.not_allowed", { kind, what });
}
