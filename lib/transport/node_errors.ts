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
  ENOENT: Deno.errors.NotFound,
  ERR_STREAM_DESTROYED: Deno.errors.BadResource,
  ERR_SOCKET_CLOSED: Deno.errors.BadResource,
  ERR_STREAM_PREMATURE_CLOSE: Deno.errors.BadResource,
};

/**
 * The system's words for node's `connect ECONNREFUSED 127.0.0.1:9`, as Deno's
 * own sockets say them: the line reads the same with --insecure as without.
 */
const SYSTEM_WORDS: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  ECONNABORTED: "Software caused connection abort",
  EPIPE: "Broken pipe",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EACCES: "Permission denied",
  ETIMEDOUT: "Connection timed out",
};

/** A node error as the Deno error class of its code, so isPeerGone and the hints know it. */
export function asDenoError(err: unknown): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string") return err;
  // A name the resolver does not know: Deno throws a plain Error, which the hints know by its words.
  if (code === "ENOTFOUND") {
    return new Error("failed to lookup address information: Name or service not known");
  }
  // node:tls's handshake failures are what Deno's own TLS throws as InvalidData (the hints know those).
  const Class = code.startsWith("ERR_SSL_") ? Deno.errors.InvalidData : ERROR_CLASSES[code];
  return Class ? new Class(SYSTEM_WORDS[code] ?? (err as Error).message) : err;
}
