/** Where the web workspace listens: `[HOST:]PORT`, loopback unless --web-public says otherwise. */
import { UsageError } from "../errors.ts";
import { said } from "../i18n/say.ts";
import { isLoopback, type NetEndpoint } from "../transport/endpoint.ts";
import { parseEndpoint } from "./endpoint.ts";

/** Parses `PORT`, `HOST:PORT` or `[V6]:PORT`; the host defaults to 127.0.0.1. */
export function parseWebAddress(text: string): NetEndpoint {
  const ep = parseEndpoint(text);
  if (ep.transport !== "tcp") {
    throw new UsageError(said("usage.web_address", { value: text }));
  }
  return ep;
}

/** A page on another interface lets others start commands here: only with --web-public. */
export function checkWebAddress(ep: NetEndpoint, webPublic: boolean): void {
  if (isLoopback(ep.host) || webPublic) return;
  throw new UsageError(said("usage.web_public", { host: ep.host }));
}
