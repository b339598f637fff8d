/**
 * Who may use the page: whoever has the token (printed once, at start), from
 * a Host that names us (no DNS rebinding), and for WebSockets from our own
 * origin. Every other request gets 403 before it reaches a handler.
 */
import { formatHostPort } from "../transport/endpoint.ts";

/** 32 random bytes, hex. */
export function newToken(): string {
  return crypto.getRandomValues(new Uint8Array(32)).toHex();
}

/** The cookie that carries the token to the page's own scripts and styles (not to the API). */
export function tokenCookie(port: number): string {
  return `framecat_${port}`;
}

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
  refusal(req: Request, page: boolean): string | undefined {
    const host = (req.headers.get("host") ?? "").toLowerCase();
    if (!this.#hostAllowed(host)) return `the Host "${host}" is not this framecat`;
    if (!this.#hasToken(req, page)) return "the token is missing or wrong";
    const origin = req.headers.get("origin");
    if (origin !== null && origin !== `http://${host}`) {
      return `requests from ${origin} are not allowed`;
    }
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
      (page ? cookieValue(req, tokenCookie(this.port)) : undefined);
    return given !== undefined && sameText(given, this.token);
  }
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** Compares without stopping at the first difference: the time says nothing about the token. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
