/**
 * The HTTP API of PRODUCT.md (web), as Request → Response: the page uses it,
 * and so can scripts. Every answer is JSON; every refusal is one line.
 */
import { errorMessage, UsageError } from "../errors.ts";
import { lists } from "./lists.ts";
import { WORDS } from "../i18n/say.ts";
import { SendError, sendFromPage } from "./send.ts";
import { parseArgv, type Sessions } from "./sessions.ts";

/** Largest request body read: an argv or a message of the send box (a file as base64). */
const MAX_BODY = 24 * 1024 * 1024;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

export const refuse = (status: number, error: string) => json(status, { error });

/** Answers a request under /api/; `parts` is the path after it, split at `/`. */
export async function api(req: Request, parts: string[], sessions: Sessions): Promise<Response> {
  const [collection, id, action] = parts;
  if (collection === "check" && req.method === "POST") return await check(req);
  if (collection === "lists" && req.method === "GET") return json(200, lists());
  if (collection === "words" && req.method === "GET") return json(200, WORDS);
  if (collection !== "sessions") return refuse(404, `no such API: ${new URL(req.url).pathname}`);
  if (id === undefined) return await onCollection(req, sessions);
  const session = sessions.get(id);
  if (!session) return refuse(404, `no session ${id}`);
  const route = `${req.method} ${action ?? ""}`;
  switch (route) {
    case "GET ":
      return json(200, session.describe());
    case "DELETE ":
      await session.stop();
      return json(200, session.describe());
    case "POST restart":
      return await attempt(async () => json(200, (await sessions.restart(session)).describe()));
    case "GET events":
      return events();
    case "POST send":
      return await attempt(async () =>
        json(200, { sent: await sendFromPage(session, await body(req)) })
      );
  }
  return refuse(405, `${req.method} is not allowed on this path`);
}

async function onCollection(req: Request, sessions: Sessions): Promise<Response> {
  if (req.method === "GET") return json(200, sessions.list().map((s) => s.describe()));
  if (req.method !== "POST") return refuse(405, `${req.method} is not allowed on /api/sessions`);
  return await attempt(async () => {
    const session = await sessions.start(argvIn(await body(req)));
    return json(201, { id: session.id, ...session.describe() });
  });
}

/**
 * POST /api/check {"argv": [...]}: whether POST /api/sessions would take it,
 * without starting anything; always 200, so the form can ask as often as it likes.
 */
async function check(req: Request): Promise<Response> {
  return await attempt(async () => {
    try {
      await parseArgv(argvIn(await body(req)));
      return json(200, { ok: true });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      return json(200, { ok: false, error: err.message });
    }
  });
}

/** The events are a WebSocket (server.ts upgrades it): a plain GET is told so. */
function events(): Response {
  return refuse(426, "this is a WebSocket: connect with ws://");
}

/** The JSON body, bounded (whatever Content-Length says); a bad one is a 400. */
async function body(req: Request): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body ?? []) {
    size += chunk.length;
    if (size > MAX_BODY) throw new SendError(`the body is over ${MAX_BODY} bytes`, 413);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new SendError(`the body is not JSON: ${errorMessage(err)}`);
  }
}

/** The `argv` of a `{"argv": [...]}` body (parseArgv refuses anything else). */
function argvIn(body: unknown): unknown {
  return typeof body === "object" && body !== null ? (body as { argv?: unknown }).argv : undefined;
}

/** Runs a handler; what the user got wrong becomes a 4xx with one line. */
async function attempt(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (err) {
    if (err instanceof SendError) return refuse(err.status, err.message);
    if (err instanceof UsageError) return refuse(400, err.message);
    throw err;
  }
}
