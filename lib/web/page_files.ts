/**
 * The page's own files (lib/web/page/, and the modules it shares with
 * framecat, lib/shared/), read from framecat itself: from the source tree, or
 * from the compiled binary, which carries them (`--include lib/web/page
 * --include lib/shared` in the compile tasks). Nothing comes from the internet.
 */
import type { Lang } from "../options/types.ts";
import { PAGE_PREFIX } from "./security.ts";

const PAGE = new URL("./page/", import.meta.url);
/** Modules framecat and the page both run (lib/shared/), served as `shared/NAME.js`. */
const SHARED = new URL("../shared/", import.meta.url);

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
  txt: "text/plain; charset=utf-8",
};

/** The page's file at `path` (`index.html`, `app.js`, `vendor/preact.js`, `shared/escape.js`…), or a 404. */
export async function pageFile(path: string): Promise<Response> {
  const ext = /\.([a-z]+)$/.exec(path)?.[1] ?? "";
  // Only plain names below page/: no `..`, no absolute paths, no hidden files.
  if (!/^([a-z0-9_-]+\/)*[a-z0-9_-]+(\.[a-z0-9]+)+$/i.test(path) || !(ext in TYPES)) {
    return notFound(path);
  }
  try {
    const shared = path.startsWith("shared/");
    const bytes = await Deno.readFile(
      shared ? new URL(path.slice("shared/".length), SHARED) : new URL(path, PAGE),
    );
    return new Response(bytes, {
      headers: {
        "content-type": TYPES[ext],
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return notFound(path);
    throw err;
  }
}

/**
 * The page itself, its files loaded from `/p/TOKEN/` (a `<base>`): every
 * script and style then carries the token in its path, with no cookie.
 */
export async function pageIndex(token: string, lang: Lang = "en"): Promise<Response> {
  const html = await Deno.readTextFile(new URL("index.html", PAGE));
  const head = `<head>\n    <base href="${PAGE_PREFIX}${token}/">\n` +
    `    <meta name="framecat-lang" content="${lang}">`;
  return new Response(html.replace("<head>", head), {
    headers: {
      "content-type": TYPES.html,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
  });
}

function notFound(path: string): Response {
  return new Response(`framecat: no file ${path} in the page\n`, { status: 404 });
}
