/**
 * TLS, the third stream backend: a `tls://` endpoint listens with
 * Deno.listenTls and connects with Deno.startTls, handshaking at once so a
 * failure surfaces at connect, not at the first read (denoland/deno#11759).
 * What a TlsConn or TlsListener gives back has the shape of a Conn or a
 * Listener, so every accept loop and every reader stays as it is.
 */
import { replaceFile } from "../replace_file.ts";
import { said, saying } from "../i18n/say.ts";
import type { Emit, FcEvent, TlsInfo } from "../events/types.ts";
import { looksLikeTls, TLS_HINT } from "../framing/tls_hint.ts";
import {
  isDenoError,
  isNoCommonProtocol,
  NoCommonProtocol,
  saidOf,
  UsageError,
} from "../errors.ts";
import { closeQuietly } from "../close.ts";
import { formatEndpoint, type NetEndpoint } from "./endpoint.ts";
import type { TlsSettings } from "./tls_settings.ts";
import type { CertifiedKey } from "./certificate.ts";
import { handshakeWithin, SERVER_SILENT } from "./tls_handshake.ts";
import { handshakeFailure } from "./tls_probe.ts";
import { connectTcp } from "./dial.ts";
import { firstCertificateDer, isCaCertificate } from "./pem.ts";

export type { TlsInfo };

/**
 * Handshake results by connection, for the `connected` event. Keyed by the
 * connection object, each entry is that connection's own (a private field
 * Deno.Conn lacks), gone with it: no run ever sees another's.
 */
const agreed = new WeakMap<Deno.Conn, TlsInfo>();
/**
 * The certificate of each listening endpoint (its run's own settings), for `listening`:
 * its fingerprint, where its CA went, and whether it is a CA certificate itself.
 */
const fingerprints = new WeakMap<
  TlsSettings,
  { fingerprint: string; caOut?: string; isCa: boolean }
>();
/** The --alpn list of the server that accepted each connection, for a handshake that agrees on none. */
const taken = new WeakMap<Deno.Conn, string[]>();

/** Listens with TLS on `ep`: the user's certificate, or throw-away ones made now. */
export async function listenTls(
  ep: NetEndpoint,
  settings: TlsSettings,
): Promise<Deno.TlsListener> {
  const pair = await serverCertificate(ep, settings);
  let listener: Deno.TlsListener;
  try {
    listener = Deno.listenTls({
      hostname: ep.host,
      port: ep.port,
      ...pair,
      ...(settings.alpn ? { alpnProtocols: settings.alpn } : {}),
    });
  } catch (err) {
    // The socket's failures are Deno.errors (in use, no permission); the rest is the PEM pair.
    if (isDenoError(err)) throw err;
    throw certifiedKeyError(err);
  }
  const der = firstCertificateDer(pair.cert);
  fingerprints.set(settings, {
    fingerprint: await fingerprint(der),
    ...(settings.caOut ? { caOut: settings.caOut } : {}),
    isCa: settings.cert !== undefined && isCaCertificate(der),
  });
  if (settings.alpn) knowAlpn(listener, settings.alpn);
  return listener;
}

/** Each connection `listener` accepts is known to take `alpn`, for its handshake's hint. */
function knowAlpn(listener: Deno.TlsListener, alpn: string[]): void {
  const accept = listener.accept.bind(listener);
  listener.accept = async () => {
    const conn = await accept();
    taken.set(conn, alpn);
    return conn;
  };
}

/**
 * Refuses a --cert/--key pair that Deno's TLS cannot use (a key that is not
 * the certificate's, no key it can read) before any connection, a client's
 * as a server's: a client's pair is otherwise tried only at its handshake.
 * A loopback listener, closed at once, loads the pair as a server does.
 */
export function checkCertifiedKey(cert: string, key: string): void {
  let listener: Deno.TlsListener;
  try {
    listener = Deno.listenTls({ hostname: "127.0.0.1", port: 0, cert, key });
  } catch (err) {
    if (isDenoError(err)) return; // no loopback to try it on: the handshake will tell
    throw certifiedKeyError(err);
  }
  listener.close();
}

/** rustls's refusal of a --cert/--key pair, in words where it has identifiers. */
function certifiedKeyError(err: unknown): UsageError {
  const text = (err as Error).message;
  const error = /KeyMismatch/.test(text) ? said("tls.key_mismatch") : said("text", { text });
  return new UsageError(said("tls.cert_key", { error }));
}

async function serverCertificate(ep: NetEndpoint, settings: TlsSettings): Promise<CertifiedKey> {
  if (settings.cert && settings.key) return { cert: settings.cert, key: settings.key };
  const { makeCertificates } = await import("./certificate.ts");
  const made = await makeCertificates({ names: certificateNames(ep.host) });
  if (settings.caOut) {
    try {
      // A CA certificate is public: 0644, a new file owned by us, never written through a link.
      await replaceFile(settings.caOut, made.ca, 0o644);
    } catch (err) {
      throw new UsageError(said("tls.ca_out", { file: settings.caOut, error: saidOf(err) }));
    }
  }
  return made;
}

/** The SHA-256 fingerprint of a certificate's DER, as `AB:CD:…` (openssl's form). */
async function fingerprint(der: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", der));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(":").toUpperCase();
}

/** localhost, 127.0.0.1, ::1 and the bound host (for a wildcard: this machine's name and addresses). */
function certificateNames(host: string): string[] {
  const names = ["localhost", "127.0.0.1", "::1"];
  if (host === "0.0.0.0" || host === "::") {
    names.push(Deno.hostname(), ...Deno.networkInterfaces().map((i) => i.address.split("%")[0]));
  } else {
    names.push(host);
  }
  return [...new Set(names)];
}

/** Connects with TLS and finishes the handshake; verification failures throw here. */
export async function connectTls(
  ep: NetEndpoint,
  settings: TlsSettings,
  signal?: AbortSignal,
): Promise<Deno.Conn> {
  const servername = settings.servername ?? ep.host;
  if (settings.insecure) {
    // node:tls takes a fifth of a second to load: only --insecure needs it.
    const { connectInsecure } = await import("./tls_insecure.ts");
    const { conn, info } = await connectInsecure(ep, settings, servername, signal);
    agreed.set(conn, info);
    return conn;
  }
  const conn = await openTls(ep, settings, servername, signal);
  try {
    const { alpnProtocol } = await handshakeWithin(
      () => conn.handshake(),
      () => conn.close(),
      SERVER_SILENT,
    );
    agreed.set(conn, { alpn: alpnProtocol, verified: true, servername });
  } catch (err) {
    closeQuietly(conn);
    throw await handshakeFailure(err, ep, settings);
  }
  return conn;
}

/**
 * The TLS connection, handshake not yet done. startTls lets the name checked
 * differ from the host dialled but sends no client certificate; connectTls
 * sends one (cli.ts refuses --servername with --cert for that reason).
 */
async function openTls(
  ep: NetEndpoint,
  settings: TlsSettings,
  servername: string,
  signal?: AbortSignal,
): Promise<Deno.TlsConn> {
  const caCerts = [systemRoots(), settings.ca].filter((pem) => pem !== undefined);
  const common = {
    ...(caCerts.length > 0 ? { caCerts } : {}),
    ...(settings.alpn ? { alpnProtocols: settings.alpn } : {}),
  };
  if (settings.cert && settings.key) {
    const { cert, key } = settings;
    return await Deno.connectTls({ hostname: ep.host, port: ep.port, cert, key, ...common });
  }
  const tcp = await connectTcp(ep.host, ep.port, signal);
  return await Deno.startTls(tcp, { hostname: servername, ...common });
}

/** Where Linux and the BSDs keep the system's CA bundle, most common first. */
const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/ssl/cert.pem",
];
/**
 * A memo, not state: the system's CA bundle is the same file for every run,
 * read once per process as curl and openssl do (null: there is none).
 */
let systemBundle: string | null | undefined;

/**
 * The system's CA bundle, read once. Deno trusts its own copy of Mozilla's
 * roots; caCerts add to those, so with this a client trusts the system's
 * roots too (and a CA the administrator added). macOS and Windows keep
 * theirs in a store, not a file: there DENO_TLS_CA_STORE=system does it.
 */
function systemRoots(): string | undefined {
  if (systemBundle === undefined) {
    systemBundle = null;
    for (const path of SYSTEM_BUNDLES) {
      try {
        systemBundle = Deno.readTextFileSync(path);
        break;
      } catch { /* not on this system */ }
    }
  }
  return systemBundle ?? undefined;
}

/**
 * Finishes the handshake of an accepted connection (a no-op for plain
 * ones) and returns the `tls` field of its `connected` event.
 */
export async function acceptedTls(conn: Deno.Conn): Promise<{ tls?: TlsInfo }> {
  if (!isTlsConn(conn)) return {};
  // Closing cannot free a silent client's socket: Deno runs the handshake on until it speaks or leaves.
  const { alpnProtocol } = await handshakeWithin(
    () => conn.handshake(),
    () => conn.close(),
    said("tls.stopped_waiting"),
  ).catch((err) => {
    const alpn = taken.get(conn);
    throw alpn && isNoCommonProtocol(err) ? new NoCommonProtocol("server", alpn, err) : err;
  });
  agreed.set(conn, { alpn: alpnProtocol });
  return { tls: { alpn: alpnProtocol } };
}

/** The `tls` field of a client's `connected` event (nothing for plain TCP). */
export function tlsFields(conn: Deno.Conn): { tls?: TlsInfo } {
  const info = agreed.get(conn);
  return info ? { tls: info } : {};
}

/** The `listening` event's `fingerprint` (SHA-256), and an info line saying how a client verifies the certificate. */
export function announceCertificate(emit: Emit, settings: TlsSettings): { fingerprint?: string } {
  const known = fingerprints.get(settings);
  if (!known) return {};
  const trust = known.caOut
    ? said("note.tls_trust_ca_out", { file: known.caOut })
    : settings.cert
    ? said("note.tls_trust_signed")
    : said("note.tls_trust_throwaway");
  emit({ event: "info", kind: "note", ...saying(said("note.tls_certificate", { trust })) });
  if (known.isCa) {
    emit({ event: "info", kind: "warning", warning: true, ...saying(said("note.tls_cert_is_ca")) });
  }
  return { fingerprint: known.fingerprint };
}

/** --insecure: says, once, that the server's certificate is not checked. */
export function warnIfInsecure(emit: Emit, ep: NetEndpoint): void {
  if (!ep.tls?.insecure) return;
  emit({
    event: "info",
    kind: "warning",
    warning: true,
    ...saying(said("note.insecure", { endpoint: formatEndpoint(ep) })),
  });
}

/**
 * The `error` event of TLS bytes (a ClientHello, an alert) arriving as the
 * first read of a plain connection; undefined when they are not.
 */
export function tlsAtPlainPeer(
  conn: Deno.Conn,
  peer: string,
  first: Uint8Array,
): FcEvent | undefined {
  if (isTlsConn(conn) || agreed.has(conn) || !looksLikeTls(first)) return undefined;
  return { event: "error", peer, message: TLS_HINT, said: said("hint.tls"), hint: "use tls://" };
}

function isTlsConn(conn: Deno.Conn): conn is Deno.TlsConn {
  return typeof (conn as Partial<Deno.TlsConn>).handshake === "function";
}
