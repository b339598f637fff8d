// @ts-check
// The page's side of the HTTP API: the token from the address, sent as a Bearer header.
/** @import { Batch } from "../event_feed.ts" */
import { parseExact } from "./exact_json.js";

/**
 * What the API answered: its status, and its JSON body (whose shape the caller knows).
 * @typedef {{ status: number, body: any }} Answer
 */

export const token = new URLSearchParams(location.search).get("token") ?? "";

/**
 * Calls the API; resolves to { status, body }.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<Answer>}
 */
export async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * Like call, for a big body: `onProgress(fraction)` as it is uploaded.
 * @param {string} path
 * @param {unknown} body
 * @param {(fraction: number) => void} onProgress
 * @returns {Promise<Answer>}
 */
export function upload(path, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("authorization", `Bearer ${token}`);
    xhr.setRequestHeader("content-type", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) });
    xhr.onerror = () => reject(new Error("framecat did not answer"));
    xhr.send(JSON.stringify(body));
  });
}

/**
 * Watches a session's events: `onBatch({events, skipped})` for each batch
 * (the server sends at most about 20 a second). Returns how to stop.
 * @param {string} id
 * @param {(batch: Batch) => void} onBatch
 * @returns {() => void}
 */
export function watchEvents(id, onBatch) {
  const url = new URL(`/api/sessions/${encodeURIComponent(id)}/events`, location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", token);
  const socket = new WebSocket(url);
  socket.onmessage = (msg) => onBatch(parseExact(msg.data));
  return () => socket.close();
}
