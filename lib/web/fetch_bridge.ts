/**
 * node:http's request and response as the web's Request and Response, so the
 * page and the API stay `Request → Response` (as Hono's core is) whatever
 * carries them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** The Request `msg` asks for, its URL on `origin` (our own address, never the Host header). */
export function toRequest(msg: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < msg.rawHeaders.length; i += 2) {
    // A header value that is not valid for Headers is dropped: no handler needs it.
    try {
      headers.append(msg.rawHeaders[i], msg.rawHeaders[i + 1]);
    } catch { /* not a header the fetch API can hold */ }
  }
  // Origin-form only ("/path?query"): an absolute-form target names no host of ours.
  const target = msg.url?.startsWith("/") ? msg.url : "/";
  const method = msg.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(origin + target, {
    method,
    headers,
    body: hasBody ? bodyOf(msg) : null,
  });
}

/**
 * The request's body as a stream. A handler that stops reading it (a body over
 * its bound) leaves the rest unread: the answer then closes the connection.
 */
function bodyOf(msg: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = msg[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value));
    },
    cancel: () => void msg.pause(),
  });
}

/** Writes `res` to `out`, its body streamed as the peer takes it. */
export async function sendResponse(res: Response, out: ServerResponse): Promise<void> {
  // A body left unread cannot be skipped to the next request: say this connection ends.
  if (!out.req.complete) out.shouldKeepAlive = false;
  const headers: Record<string, string | string[]> = {};
  res.headers.forEach((value, key) => {
    headers[key] = value;
  });
  out.writeHead(res.status, headers);
  if (out.req.method === "HEAD") await res.body?.cancel();
  else if (res.body) {
    for await (const chunk of res.body) {
      if (out.destroyed) break;
      if (!out.write(chunk)) {
        await new Promise((go) => {
          out.once("drain", go);
          out.once("close", go);
        });
      }
    }
  }
  out.end();
}
