// How data is shown: text in any encoding (escaped where it is not printable) or hex.

const decoders = new Map();

function decoder(encoding) {
  if (!decoders.has(encoding)) {
    decoders.set(encoding, new TextDecoder(encoding, { fatal: false }));
  }
  return decoders.get(encoding);
}

export function bytesOf(base64) {
  return Uint8Array.from(atob(base64 ?? ""), (c) => c.charCodeAt(0));
}

/** Longest content shown in one row: a row is one line. */
const SHOWN = 160;

/** The event's bytes as one line of text or hex. */
export function showData(ev, view, encoding) {
  if (ev.base64 === undefined) return "";
  const bytes = bytesOf(ev.base64).subarray(0, SHOWN);
  const more = ev.bytes > SHOWN ? " …" : "";
  if (view === "hex") {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ") + more;
  }
  return escapeText(decoder(encoding).decode(bytes)) + more;
}

const NAMED = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0", "\\": "\\\\" };

/** Control characters as escapes, so a row stays one line and shows what was sent. */
export function escapeText(text) {
  return text.replace(
    // deno-lint-ignore no-control-regex
    /[\x00-\x1f\x7f\\]/g,
    (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

/** `12.3 KB/s` */
export function rate(bytesPerSecond) {
  const units = ["B/s", "KB/s", "MB/s", "GB/s"];
  let v = bytesPerSecond;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** `hh:mm:ss.mmm` of an ISO time. */
export function clock(ts) {
  return ts ? ts.slice(11, 23) : "";
}
