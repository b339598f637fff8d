/**
 * Who may use the page: whoever has the token (printed once, at start), from
 * a Host that names us (no DNS rebinding), and for WebSockets from our own
 * origin. Every other request gets 403 before it reaches a handler.
 */
import { formatHostPort } from "../transport/endpoint.ts";
import { type Said, said } from "../i18n/say.ts";

/** 32 random bytes, hex. */
export function newToken(): string {
  return crypto.getRandomValues(new Uint8Array(32)).toHex();
}

/**
 * Where the page's own scripts and styles are loaded from: `/p/TOKEN/app.js`.
 * The token travels in the path, never in a cookie: a cookie is not scoped
 * to a port, so the browser would hand it to every other server on the host.
 */
export const PAGE_PREFIX = "/p/";

export class Gate {
  readonly #hosts: Set<string>;
  readonly #anyIpHost: boolean;

  constructor(readonly token: string, readonly host: string, readonly port: number) {
    this.#hosts = new Set(
      [host, "localhost", "127.0.0.1", "::1"].map((h) => formatHostPort(h, port).toLowerCase()),
    );
    // Bound to every interface: reached by any of our addresses. An IP literal cannot be rebound.
    this.#anyIpHost = host === "0.0.0.0" || host === "::";
  }

  /** Why `req` is refused, or undefined when it may go on. `page`: a static file of the page. */
  refusal(req: Request, page: boolean): Said | undefined {
    const host = (req.headers.get("host") ?? "").toLowerCase();
    if (!this.#hostAllowed(host)) return said("web.bad_host", { host });
    if (!this.#hasToken(req, page)) return said("web.bad_token");
    const origin = req.headers.get("origin");
    if (origin !== null && origin !== `http://${host}`) return said("web.bad_origin", { origin });
    return undefined;
  }

  #hostAllowed(host: string): boolean {
    if (this.#hosts.has(host)) return true;
    if (!this.#anyIpHost) return false;
    const m = /^(\[[0-9a-f:.]+\]|[0-9.]+):(\d+)$/.exec(host);
    return m !== null && Number(m[2]) === this.port;
  }

  #hasToken(req: Request, page: boolean): boolean {
    const url = new URL(req.url);
    const given = url.searchParams.get("token") ??
      req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ??
      (page ? pathToken(url.pathname) : undefined);
    return given !== undefined && sameText(given, this.token);
  }
}

/** The token of a page file's path (`/p/TOKEN/…`). */
function pathToken(path: string): string | undefined {
  if (!path.startsWith(PAGE_PREFIX)) return undefined;
  const end = path.indexOf("/", PAGE_PREFIX.length);
  return end < 0 ? undefined : path.slice(PAGE_PREFIX.length, end);
}

/** Compares without stopping at the first difference: the time says nothing about the token. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
