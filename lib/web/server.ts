/**
 * framecat web's HTTP server: the page's files, the API and the event
 * WebSockets, each request through the {@linkcode Gate} first.
 */
import { CATALOGUES } from "../demo/i18n.ts";
import { DEMOS } from "../demo/catalog.ts";
import { formatHostPort, type NetEndpoint } from "../transport/endpoint.ts";
import { LANGS } from "../options/types.ts";
import { errorMessage } from "../errors.ts";
import { api, refuse } from "./api.ts";
import { pageFile } from "./page_files.ts";
import { Gate, newToken, tokenCookie } from "./security.ts";
import type { Sessions } from "./sessions.ts";

export interface WebServer {
  /** `http://HOST:PORT/?token=…`: the one place the token is shown. */
  url: string;
  token: string;
  address: string;
  port: number;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

/** Starts serving the page and the API of `sessions` on `ep`. */
export function startWebServer(ep: NetEndpoint, sessions: Sessions): Promise<WebServer> {
  const token = newToken();
  const ready = Promise.withResolvers<Deno.NetAddr>();
  let gate: Gate | undefined;
  const server = Deno.serve({
    hostname: ep.host,
    port: ep.port,
    onListen: (addr) => ready.resolve(addr),
    onError: (err) => refuse(500, `framecat could not answer: ${errorMessage(err)}`),
  }, (req) => handle(req, gate!, sessions));
  return ready.promise.then((addr) => {
    gate = new Gate(token, ep.host, addr.port);
    const address = formatHostPort(addr.hostname, addr.port);
    return {
      url: `http://${address}/?token=${token}`,
      token,
      address,
      port: addr.port,
      finished: server.finished,
      shutdown: () => server.shutdown(),
    };
  });
}

async function handle(req: Request, gate: Gate, sessions: Sessions): Promise<Response> {
  const path = new URL(req.url).pathname;
  const isPage = req.method === "GET" && !path.startsWith("/api/");
  const why = gate.refusal(req, isPage);
  if (why) return refuse(403, `forbidden: ${why}`);
  if (path.startsWith("/api/")) {
    const parts = path.slice(5).split("/").map(decodePart);
    if (parts[0] === "narration") return narration(new URL(req.url).searchParams.get("lang"));
    return await api(req, parts, sessions);
  }
  if (!isPage) return refuse(405, `${req.method} is not allowed on ${path}`);
  const file = await pageFile(path === "/" ? "index.html" : path.slice(1));
  // The page's scripts and styles load without a query: a cookie carries the token to them.
  if (path === "/") {
    file.headers.set(
      "set-cookie",
      `${tokenCookie(gate.port)}=${gate.token}; Path=/; HttpOnly; SameSite=Strict`,
    );
  }
  return file;
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
