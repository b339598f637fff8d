/** node:net and node:tls errors as the Deno error classes the rest of framecat knows. */

/** node error codes as the Deno error classes the rest of framecat knows. */
const ERROR_CLASSES: Record<string, new (message: string) => Error> = {
  ECONNRESET: Deno.errors.ConnectionReset,
  EPIPE: Deno.errors.BrokenPipe,
  ECONNREFUSED: Deno.errors.ConnectionRefused,
  ECONNABORTED: Deno.errors.ConnectionAborted,
  EADDRINUSE: Deno.errors.AddrInUse,
  EADDRNOTAVAIL: Deno.errors.AddrNotAvailable,
  EACCES: Deno.errors.PermissionDenied,
  ETIMEDOUT: Deno.errors.TimedOut,
  ENOTFOUND: Deno.errors.NotFound,
  ENOENT: Deno.errors.NotFound,
  ERR_STREAM_DESTROYED: Deno.errors.BadResource,
  ERR_SOCKET_CLOSED: Deno.errors.BadResource,
  ERR_STREAM_PREMATURE_CLOSE: Deno.errors.BadResource,
};

/** A node error as the Deno error class of its code, so isPeerGone and the hints know it. */
export function asDenoError(err: unknown): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string") return err;
  // node:tls's handshake failures are what Deno's own TLS throws as InvalidData (the hints know those).
  const Class = code.startsWith("ERR_SSL_") ? Deno.errors.InvalidData : ERROR_CLASSES[code];
  return Class ? new Class((err as Error).message) : err;
}
