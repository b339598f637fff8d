/**
 * English words left in text meant to be Chinese. What a Chinese text keeps
 * as written is not counted: options (`--prefix`), endpoints (`tcp://…`),
 * quoted data ("hello"), code (`struct.pack('i', n)`), identifiers
 * (`total_size`), tokens with a digit (`u32le`, `0x05`), and the technical
 * names below, which Chinese writing uses as they are.
 */

/** Names a Chinese text about sockets writes in Latin letters. */
const KEPT = new Set([
  "TCP",
  "UDP",
  "TLS",
  "IP",
  "EOF",
  "RST",
  "JSON",
  "UTF",
  "GBK",
  "md5",
  "recv",
  "recvfrom",
  "send",
  "varint",
  "null",
  "Nagle",
  "TCP_NODELAY",
  "SO_RCVBUF",
  "B",
  "KiB",
  "MiB",
  "ms",
  "framecat",
  "localhost",
  "Linux",
  "macOS",
  "Windows",
  "Python",
  "hex",
]);

/** The English words in `text` (each once, in order). */
export function englishWords(text: string): string[] {
  const stripped = text
    .replace(/`[^`]*`/g, " ") // code
    .replace(/"(?:[^"\\]|\\.)*"/g, " ") // quoted data
    .replace(/'[^']*'/g, " ") // quoted characters ('}')
    .replace(/\\[a-z]+/gi, " ") // escapes: \n, \xHH
    .replace(/\b[a-z]+:\/\/\S*/gi, " ") // endpoints
    .replace(/--?[a-z][\w-]*(?: [\w.:/!<>=-]+)?/gi, " ") // options and their values
    .replace(/\b\w*(\d|_)\w*\b/g, " ") // numbers, u32le, 0x05, total_size
    .replace(/\b\w+\.\w+\([^)]*\)/g, " "); // struct.pack(…)
  const words = stripped.match(/[A-Za-z]+/g) ?? [];
  return [...new Set(words.filter((w) => !KEPT.has(w)))];
}
