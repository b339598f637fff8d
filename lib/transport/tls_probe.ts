/**
 * Why a client's handshake failed, said with what is known of it. "The peer
 * is not speaking TLS", with what it said. rustls reports only
 * that the reply was not a TLS record; the bytes themselves are gone. So
 * the diagnosis replays: a ClientHello like ours, captured on loopback,
 * goes to the server over plain TCP, and the first bytes of its answer
 * (`HTTP/1.1 400 Bad Request`) are shown.
 */
import { isNoCommonProtocol, NoCommonProtocol, NotTlsError } from "../errors.ts";
import { escapeBytes } from "../display/escape.ts";
import type { NetEndpoint } from "./endpoint.ts";
import type { TlsSettings } from "./tls_settings.ts";
import { connectTcp } from "./dial.ts";

/** Longest the diagnosis waits for the server's answer. */
const PROBE_MS = 3_000;
/** Bytes of the answer read (NotTlsError shows the first of them). */
const SHOWN = 64;

/** True for the rustls failure of a peer whose reply is not a TLS record. */
function isNotTls(err: unknown): boolean {
  return err instanceof Error && /InvalidContentType|corrupt message/.test(err.message);
}

/**
 * A client's failed handshake (verified or --insecure) as the error to show:
 * no protocol in common with our --alpn named, a server not speaking TLS
 * with its answer; else `err` itself.
 */
export async function handshakeFailure(
  err: unknown,
  ep: NetEndpoint,
  settings: TlsSettings,
): Promise<unknown> {
  if (settings.alpn && isNoCommonProtocol(err)) {
    return new NoCommonProtocol("client", settings.alpn, err);
  }
  if (settings.alpn && err instanceof Deno.errors.ConnectionReset) {
    return new NoCommonProtocol("client", settings.alpn, err, false);
  }
  return await notTlsError(err, ep, settings);
}

/** `err` as a NotTlsError with the server's first bytes when it is one; else `err` itself. */
async function notTlsError(
  err: unknown,
  ep: NetEndpoint,
  settings: TlsSettings,
): Promise<unknown> {
  if (!isNotTls(err)) return err;
  const reply = await replyToHello(ep, settings).catch(() => undefined);
  return new NotTlsError(reply && reply.length > 0 ? escapeBytes(reply, "utf-8", 48) : undefined);
}

/** Sends a ClientHello to `ep` over plain TCP; its first answer, within PROBE_MS. */
async function replyToHello(ep: NetEndpoint, settings: TlsSettings): Promise<Uint8Array> {
  const hello = await captureHello(settings);
  const conn = await connectTcp(ep.host, ep.port);
  const timer = setTimeout(() => conn.close(), PROBE_MS);
  try {
    await conn.write(hello);
    const buf = new Uint8Array(SHOWN * 4);
    const n = await conn.read(buf);
    return buf.slice(0, n ?? 0);
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* closed by the timer */ }
  }
}

/** The ClientHello our TLS client sends, caught by a loopback listener. */
async function captureHello(settings: TlsSettings): Promise<Uint8Array> {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const client = await Deno.startTls(
    await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
    {
      hostname: settings.servername ?? "localhost",
      ...(settings.alpn ? { alpnProtocols: settings.alpn } : {}),
    },
  );
  const shaking = client.handshake().catch(() => {});
  using server = await listener.accept();
  const buf = new Uint8Array(16 * 1024);
  const n = await server.read(buf);
  client.close();
  await shaking;
  return buf.slice(0, n ?? 0);
}
