/**
 * framecat web's HTTP server: the page's files, the API and the event
 * WebSockets, each request through the {@linkcode Gate} first.
 *
 * Connections are accepted by transport's one accept loop, as every other
 * server's are (a reset is skipped, running out of descriptors is waited out
 * and said once), then handed to node:http. Deno.serve runs an accept loop of
 * its own that ends the server at the first EMFILE (Deno 2.9), and takes no
 * connection from outside.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { Buffer } from "node:buffer";
import type { Duplex } from "node:stream";
// @ts-types="@types/ws"
import { WebSocketServer } from "ws";
import { CATALOGUES } from "../demo/i18n.ts";
import { DEMOS } from "../demo/catalog.ts";
import type { Emit } from "../events/types.ts";
import { formatHostPort, type NetEndpoint } from "../transport/endpoint.ts";
import { StreamServer } from "../transport/stream_server.ts";
import { type Lang, LANGS } from "../options/types.ts";
import { errorMessage } from "../errors.ts";
import { api, refuse, refuseSaid } from "./api.ts";
import { said } from "../i18n/say.ts";
import { ConnSocket } from "./conn_socket.ts";
import { sendResponse, toRequest } from "./fetch_bridge.ts";
import { pageFile, pageIndex } from "./page_files.ts";
import { Gate, newToken, PAGE_PREFIX } from "./security.ts";
import type { Sessions } from "./sessions.ts";
import { Watchers } from "./watchers.ts";

/** Connections open at once; more are closed on arrival (the page needs a handful). */
const MAX_CONNS = 384;
/** Methods the fetch standard forbids in a Request (and no page or script of ours uses). */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
/** A connection silent this long is closed (node:http's keep-alive then takes 5 s). */
const IDLE_MS = 10_000;
/**
 * A request's head must be whole this long after its connection opened (or its last answer
 * went): one byte every few seconds keeps a connection from being idle, not from this.
 */
const HEAD_MS = 10_000;
/** Largest message a page's WebSocket may send us (it sends none). */
const MAX_WS_MESSAGE = 4096;

export interface WebServer {
  /** `http://HOST:PORT/?token=…`: the one place the token is shown. */
  url: string;
  token: string;
  address: string;
  port: number;
  shutdown(): Promise<void>;
}

/** Starts serving the page and the API of `sessions` on `ep`; trouble accepting goes to `emit`. */
export async function startWebServer(
  ep: NetEndpoint,
  sessions: Sessions,
  emit: Emit,
  /** The language the page opens in until its switch is used: the workspace's own. */
  lang: Lang = "en",
): Promise<WebServer> {
  const listener = await StreamServer.listen(ep, emit);
  const addr = listener.addr as Deno.NetAddr;
  const token = newToken();
  const gate = new Gate(token, ep.host, addr.port);
  const address = formatHostPort(addr.hostname, addr.port);
  const origin = `http://${address}`;
  const http = createServer({ maxHeaderSize: 16 * 1024 });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  const watchers = new Watchers();

  const answer = webHandler(gate, sessions, lang);
  const open = new Set<ConnSocket>();
  /** Open connections whose next request's head has not come yet, oldest first. */
  const waiting = new Map<ConnSocket, ReturnType<typeof setTimeout>>();
  const awaitHead = (socket: ConnSocket) => {
    clearTimeout(waiting.get(socket));
    waiting.delete(socket); // re-added last: the order is by when each began to wait
    waiting.set(socket, setTimeout(() => socket.destroy(), HEAD_MS));
  };
  const headCame = (socket: ConnSocket) => {
    clearTimeout(waiting.get(socket));
    waiting.delete(socket);
  };
  http.on("request", (msg, out) => {
    const socket = msg.socket as unknown as ConnSocket;
    headCame(socket);
    // An answer that takes its time (a send repeated for a minute) is not an idle connection.
    socket.setTimeout(0);
    // Methods a fetch Request cannot carry: refused here, with an answer rather than a close.
    const unheard = FORBIDDEN_METHODS.has(msg.method ?? "");
    (unheard ? Promise.resolve(notAllowed(msg)) : answer(toRequest(msg, origin)))
      .then((res) => sendResponse(res, out))
      .catch(() => out.destroy())
      .finally(() => {
        if (socket.destroyed) return;
        socket.setTimeout(IDLE_MS);
        awaitHead(socket);
      });
  });
  http.on("connect", (msg: IncomingMessage, socket: Duplex) => {
    headCame(socket as ConnSocket);
    void answerRaw(socket, notAllowed(msg));
  });
  http.on("upgrade", (msg: IncomingMessage, socket: Duplex, head: Buffer) => {
    headCame(socket as ConnSocket);
    const req = toRequest(msg, origin);
    const session = eventsOf(req, gate, sessions);
    if (session instanceof Response) return void answerRaw(socket, session);
    if (watchers.full) {
      return void answerRaw(socket, refuseSaid(503, said("web.watchers_full")));
    }
    wss.handleUpgrade(msg, socket, head, (ws) => {
      // A frame the protocol forbids (unmasked, too long, bad UTF-8, a reserved opcode…) is an
      // `error` of this socket, which ws then closes with the code that says why: unheard, it
      // would be thrown, and end the workspace.
      ws.on("error", () => {});
      const watching = watchers.add(ws);
      if (!watching) return ws.close(1013, "too many event watchers");
      // A session removed from the list (DELETE …?forget=1) ends its watchers: nothing of it
      // is served any more.
      const stop = session.feed.watch(watching.watcher, () => ws.close(1000, "session removed"));
      ws.on("close", () => {
        stop();
        watching.closed();
      });
    });
  });

  const accepting = (async () => {
    for await (const { conn } of listener) {
      if (open.size >= MAX_CONNS) {
        // Full: the connection that has waited longest without a request makes room, so that
        // connections which never finish one cannot keep the page out. Else the new one goes.
        const [oldest] = waiting.keys();
        if (oldest) {
          // Out of the count now: its close event comes only after this loop's next accept.
          headCame(oldest);
          open.delete(oldest);
          oldest.destroy();
        } else {
          conn.close();
          continue;
        }
      }
      const socket = new ConnSocket(conn).setTimeout(IDLE_MS);
      open.add(socket);
      socket.once("close", () => {
        open.delete(socket);
        headCame(socket);
      });
      awaitHead(socket);
      http.emit("connection", socket);
    }
  })();

  return {
    url: `${origin}/?token=${token}`,
    token,
    address,
    port: addr.port,
    shutdown: async () => {
      listener.close();
      await accepting;
      for (const socket of open) socket.destroy();
      for (const timer of waiting.values()) clearTimeout(timer);
    },
  };
}

/**
 * The page and the API as `Request → Response` (Hono's shape), each request
 * through `gate` first: what the server answers with, and what a test calls
 * without a socket. Never rejects: a failure of ours is a 500 with one line.
 */
export function webHandler(
  gate: Gate,
  sessions: Sessions,
  lang: Lang = "en",
): (req: Request) => Promise<Response> {
  return (req) =>
    handle(req, gate, sessions, lang).catch((err) =>
      refuse(500, `framecat could not answer: ${errorMessage(err)}`)
    );
}

async function handle(
  req: Request,
  gate: Gate,
  sessions: Sessions,
  lang: Lang,
): Promise<Response> {
  const path = new URL(req.url).pathname;
  // HEAD asks what GET would answer, without the body (sendResponse leaves it out).
  const isPage = (req.method === "GET" || req.method === "HEAD") && !path.startsWith("/api/");
  const why = gate.refusal(req, isPage);
  if (why) return refuseSaid(403, said("web.forbidden", { why }));
  if (path.startsWith("/api/")) {
    const parts = path.slice(5).split("/").map(decodePart);
    if (parts[0] === "narration") return narration(new URL(req.url).searchParams.get("lang"));
    return await api(req, parts, sessions);
  }
  if (!isPage) return refuseSaid(405, said("web.method_on", { method: req.method, path }));
  if (path === "/") return await pageIndex(gate.token, lang);
  return await pageFile(pagePath(path));
}

/** The file a page path names: `/p/TOKEN/app.js` (as the page loads them) or `/app.js`. */
function pagePath(path: string): string {
  return path.startsWith(PAGE_PREFIX)
    ? path.slice(path.indexOf("/", PAGE_PREFIX.length) + 1)
    : path.slice(1);
}

/** The session whose events an upgrade asks for, or the refusal to answer it with. */
function eventsOf(req: Request, gate: Gate, sessions: Sessions) {
  const why = gate.refusal(req, false);
  if (why) return refuseSaid(403, said("web.forbidden", { why }));
  const m = /^\/api\/sessions\/([^/]+)\/events$/.exec(new URL(req.url).pathname);
  const session = m ? sessions.get(decodePart(m[1])) : undefined;
  return session ?? refuseSaid(404, said("web.no_events"));
}

const STATUS_TEXT: Record<number, string> = {
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  503: "Service Unavailable",
};

/** The 405 for a method we do not take. */
function notAllowed(msg: IncomingMessage): Response {
  const path = msg.url?.startsWith("/") ? msg.url.split("?")[0] : "/";
  return refuseSaid(405, said("web.method_on", { method: msg.method ?? "", path }));
}

/** Answers an upgrade we refuse with a plain HTTP response, then closes. */
async function answerRaw(socket: Duplex, res: Response): Promise<void> {
  const body = await res.text();
  const head = [
    `HTTP/1.1 ${res.status} ${STATUS_TEXT[res.status] ?? "Refused"}`,
    "content-type: application/json; charset=utf-8",
    `content-length: ${new TextEncoder().encode(body).length}`,
    "connection: close",
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

/** A path segment as written; a malformed escape stays as it is (and so names nothing). */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The demos' narration in one language, for the page to tell them as the terminal does. */
function narration(lang: string | null): Response {
  const chosen = LANGS.find((l) => l === lang) ?? "en";
  return Response.json({
    lang: chosen,
    messages: CATALOGUES[chosen],
    demos: DEMOS.map((d) => ({
      name: d.name,
      columns: d.columns,
      phases: d.phases.map((p) => p.id),
    })),
  });
}
