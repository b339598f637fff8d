/**
 * The HTTP API of PRODUCT.md (web), as Request → Response: the page uses it,
 * and so can scripts. Every answer is JSON; every refusal is one line.
 */
import { errorMessage, UsageError } from "../errors.ts";
import { lists } from "./lists.ts";
import { type Said, said, sayEn, WORDS } from "../i18n/say.ts";
import { MAX_BODY, MAX_PAGE_FILE } from "../shared/limits.js";
import { SendError, sendFromPage } from "./send.ts";
import { parseArgv, type Sessions } from "./sessions.ts";
import type { Session } from "./session.ts";
import { loadRegexEngine } from "../replies/pattern.ts";
import { loadTimeFormat } from "../notation/time_format.ts";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

/**
 * A refusal: `error` in English, and `said` when the page can say it in its own language;
 * `fields`, what else the answer says (a send cut short: the messages it sent).
 */
export const refuse = (status: number, error: string, said?: Said, fields = {}) =>
  json(status, said === undefined ? { error, ...fields } : { error, said, ...fields });

/** A refusal framecat can say in either language. */
export const refuseSaid = (status: number, sentence: Said, fields = {}) =>
  refuse(status, sayEn(sentence), sentence, fields);

/** Answers a request under /api/; `parts` is the path after it, split at `/`. */
export async function api(req: Request, parts: string[], sessions: Sessions): Promise<Response> {
  const [collection, id, action, item] = parts;
  if (collection === "check" && req.method === "POST") return await check(req);
  if (collection === "lists" && req.method === "GET") return json(200, lists());
  if (collection === "words" && req.method === "GET") return json(200, WORDS);
  if (collection !== "sessions") {
    return refuseSaid(404, said("web.no_api", { path: new URL(req.url).pathname }));
  }
  if (id === undefined) return await onCollection(req, sessions);
  const session = sessions.get(id);
  if (!session) {
    return refuseSaid(
      404,
      said(sessions.issued(id) ? "web.no_session" : "web.no_such_session", { id }),
    );
  }
  const route = `${req.method} ${action ?? ""}`;
  switch (route) {
    case "GET ":
      return json(200, session.describe());
    case "DELETE ":
      return await attempt(async () => {
        // ?forget=1: stopped (if it still runs) and then removed from the list.
        if (!forgetting(req)) return json(200, (await sessions.stop(session)).describe());
        return json(200, { ...(await sessions.forget(session)).describe(), forgotten: true });
      });
    case "POST restart":
      return await attempt(async () => json(200, (await sessions.restart(session)).describe()));
    case "GET events":
      return events();
    case "POST send":
      return await attempt(async () => {
        const { status, ...answer } = await sendFromPage(session, await body(req));
        return json(status, answer);
      });
    case "DELETE repeats": {
      const done = item === undefined ? undefined : await session.repeats.stop(item);
      return done === undefined
        ? refuseSaid(404, said("web.no_repeat", { id: item }))
        : json(200, { repeat: item, ...done });
    }
    case "GET rules":
    case "POST rules":
    case "PATCH rules":
    case "DELETE rules":
      return await attempt(() => rules(req, session, item));
  }
  return refuseSaid(405, said("web.method_path", { method: req.method }));
}

/**
 * A session's reply rules: GET lists them, POST {"rule", "enabled"?} adds one
 * at the end, PATCH …/rules/N {"rule"?, "enabled"?} edits one, DELETE
 * …/rules/N removes one. A rule is checked as --reply checks it; POST
 * …/rules/check {"rule"} only checks it (always 200, as /api/check).
 */
async function rules(req: Request, session: Session, item?: string): Promise<Response> {
  const book = session.rules;
  if (!book) {
    throw new SendError(said("web.rules_here"), 409);
  }
  // A rule may hold a /REGEX/ pattern and answer with {time}.
  await Promise.all([loadRegexEngine(), loadTimeFormat()]);
  if (req.method === "POST" && item === "check") {
    try {
      book.check(ruleChange(await body(req)).rule ?? "");
      return json(200, { ok: true });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      return json(200, { ok: false, error: err.message, said: err.said });
    }
  }
  const id = item === undefined ? undefined : Number(item);
  if (id !== undefined && !(Number.isInteger(id) && id > 0)) {
    throw new SendError(said("web.rule_number", { item: item ?? "" }), 404);
  }
  const one = (entry: { id: number }) => book.view().find((r) => r.rule === entry.id);
  if (req.method === "GET" && id === undefined) return json(200, { rules: book.view() });
  if (req.method === "POST" && id === undefined) {
    const { rule, enabled } = ruleChange(await body(req));
    if (rule === undefined) throw new SendError(said("web.rule_give"));
    return json(201, one(book.add(rule, enabled ?? true)));
  }
  if (id === undefined) throw new SendError(said("web.rule_method", { method: req.method }), 405);
  if (!book.view().some((r) => r.rule === id)) {
    throw new SendError(said("web.no_rule", { id }), 404);
  }
  if (req.method === "PATCH") {
    const { rule, enabled } = ruleChange(await body(req));
    return json(200, one(book.edit(id, { source: rule, enabled })));
  }
  if (req.method === "DELETE") {
    book.remove(id);
    return json(200, { rules: book.view() });
  }
  throw new SendError(said("web.method_rule", { method: req.method }), 405);
}

/** `{"rule"?: "…", "enabled"?: true}`, checked. */
function ruleChange(body: unknown): { rule?: string; enabled?: boolean } {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (b.rule !== undefined && typeof b.rule !== "string") {
    throw new SendError(said("web.rule_text"));
  }
  if (b.enabled !== undefined && typeof b.enabled !== "boolean") {
    throw new SendError(said("web.boolean", { field: "enabled" }));
  }
  return { rule: b.rule as string | undefined, enabled: b.enabled as boolean | undefined };
}

async function onCollection(req: Request, sessions: Sessions): Promise<Response> {
  if (req.method === "GET") return json(200, sessions.list().map((s) => s.describe()));
  if (req.method !== "POST") {
    return refuseSaid(405, said("web.method_on", { method: req.method, path: "/api/sessions" }));
  }
  return await attempt(async () => {
    const session = await sessions.start(argvIn(await body(req)));
    return json(201, session.describe());
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
      return json(200, { ok: false, error: err.message, said: err.said });
    }
  });
}

/**
 * Whether a DELETE of a session forgets it too: `?forget=1` (or `true`, or a bare `?forget`);
 * `0` or `false` only stops it, as without it; anything else is refused.
 */
function forgetting(req: Request): boolean {
  const value = new URL(req.url).searchParams.get("forget");
  if (value === null || value === "0" || value === "false") return false;
  if (value === "" || value === "1" || value === "true") return true;
  throw new SendError(said("web.forget_value", { value }));
}

/** The events are a WebSocket (server.ts upgrades it): a plain GET is told so. */
function events(): Response {
  return refuseSaid(426, said("web.websocket"));
}

/** The JSON body, bounded (whatever Content-Length says); a bad one is a 400. */
async function body(req: Request): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body ?? []) {
    size += chunk.length;
    if (size > MAX_BODY) {
      throw new SendError(said("web.too_large", { max: MAX_BODY, file: MAX_PAGE_FILE }), 413);
    }
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
    throw new SendError(said("web.not_json", { why: errorMessage(err) }));
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
    if (err instanceof SendError) return refuseSaid(err.status, err.said, err.fields);
    if (err instanceof UsageError) return refuseSaid(400, err.said);
    throw err;
  }
}
