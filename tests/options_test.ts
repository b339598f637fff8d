/** Parsing of endpoints and values: every accepted form, and the message for each refusal. */
import assert from "node:assert/strict";
import { parseEndpoint } from "../lib/options/endpoint.ts";
import {
  formatBytes,
  parseDelay,
  parseDuration,
  parseInteger,
  parsePercent,
  parseRange,
  parseSize,
} from "../lib/options/units.ts";
import { UsageError } from "../lib/errors.ts";

Deno.test("endpoints: every form of PRODUCT.md", () => {
  const ok: Array<[string, unknown]> = [
    ["9000", { transport: "tcp", host: "127.0.0.1", port: 9000, hostGiven: false }],
    [":9000", { transport: "tcp", host: "127.0.0.1", port: 9000, hostGiven: false }],
    ["0", { transport: "tcp", host: "127.0.0.1", port: 0, hostGiven: false }],
    ["example.org:80", { transport: "tcp", host: "example.org", port: 80, hostGiven: true }],
    ["tcp://0.0.0.0:1", { transport: "tcp", host: "0.0.0.0", port: 1, hostGiven: true }],
    ["udp://127.0.0.1:53", { transport: "udp", host: "127.0.0.1", port: 53, hostGiven: true }],
    ["udp://9000", { transport: "udp", host: "127.0.0.1", port: 9000, hostGiven: false }],
    ["UDP://[::1]:7", { transport: "udp", host: "::1", port: 7, hostGiven: true }],
    ["[::]:65535", { transport: "tcp", host: "::", port: 65535, hostGiven: true }],
    ["[fe80::1%eth0]:22", { transport: "tcp", host: "fe80::1%eth0", port: 22, hostGiven: true }],
    ["unix:/tmp/x.sock", { transport: "unix", path: "/tmp/x.sock" }],
    ["unix://rel/x.sock", { transport: "unix", path: "rel/x.sock" }],
  ];
  for (const [text, want] of ok) assert.deepEqual(parseEndpoint(text), want, text);
});

Deno.test("endpoints: refusals name what was wrong and the valid forms", () => {
  const bad: Array<[string, RegExp]> = [
    ["", /port "" must be a number/],
    ["65536", /from 0 to 65535/],
    ["host:", /port "" must be/],
    ["http://x:1", /unknown scheme "http"/],
    ["::1:80", /brackets/],
    ["[::1]80", /followed by :PORT/],
    ["[nothex]:1", /not an IPv6 address/],
    ["unix:", /socket path is empty/],
    ["bad host:1", /not a host name/],
  ];
  for (const [text, message] of bad) {
    assert.throws(() => parseEndpoint(text), (err: Error) => {
      assert.ok(err instanceof UsageError, text);
      assert.match(err.message, message, text);
      assert.match(err.message, /tcp:\/\/HOST:PORT/, text);
      return true;
    });
  }
});

Deno.test("endpoints: socat's spellings, any case, with the options framecat already does", () => {
  const ok: Array<[string, unknown]> = [
    ["TCP:127.0.0.1:9000", { transport: "tcp", host: "127.0.0.1", port: 9000, hostGiven: true }],
    ["tcp:localhost:80", { transport: "tcp", host: "localhost", port: 80, hostGiven: true }],
    ["UDP:[::1]:53", { transport: "udp", host: "::1", port: 53, hostGiven: true }],
    ["TCP-LISTEN:9000", { transport: "tcp", host: "127.0.0.1", port: 9000, hostGiven: false }],
    ["tcp-listen:9000,fork,reuseaddr", {
      transport: "tcp",
      host: "127.0.0.1",
      port: 9000,
      hostGiven: false,
    }],
    ["UDP-LISTEN:5000", { transport: "udp", host: "127.0.0.1", port: 5000, hostGiven: false }],
    ["UNIX-CONNECT:/tmp/a.sock", { transport: "unix", path: "/tmp/a.sock" }],
    ["unix-listen:/tmp/b.sock", { transport: "unix", path: "/tmp/b.sock" }],
  ];
  for (const [text, want] of ok) assert.deepEqual(parseEndpoint(text), want, text);
  assert.throws(() => parseEndpoint("TCP-LISTEN:9000", "connect"), /socat's listening form/);
  assert.throws(() => parseEndpoint("TCP:h:1,crlf"), /socat's option "crlf" is not taken/);
});

Deno.test("sizes: bytes, binary and decimal units, bounds", () => {
  assert.equal(parseSize("1024"), 1024);
  assert.equal(parseSize("64KiB"), 65536);
  assert.equal(parseSize("64k"), 65536);
  assert.equal(parseSize("16MiB"), 16 * 1024 * 1024);
  assert.equal(parseSize("1.5K"), 1536);
  assert.equal(parseSize("1.001KB"), 1001); // 1000.9999999999999 as a double: still whole bytes
  assert.throws(() => parseSize("1.5"), /it is 1.5 bytes, and a size is whole bytes/);
  assert.throws(() => parseSize("2.7KiB"), /it is 2764.8 bytes/);
  assert.equal(parseSize("2GB"), 2e9);
  assert.equal(parseSize("4GiB"), 4 * 1024 ** 3);
  // The README's "past the traffic" for relay --reset-after; the largest any option takes.
  assert.equal(parseSize("1TiB"), 1024 ** 4);
  assert.equal(parseSize("1t"), 1024 ** 4);
  assert.throws(() => parseSize("2TB"), /from 0 to 1TiB/);
  assert.throws(() => parseSize("12XB"), /1024, 64KiB or 16MiB/);
  assert.throws(() => parseSize("-1"), /1024, 64KiB/);
  assert.throws(() => parseSize("0", 1), /from 1 to/);
  assert.throws(() => parseSize("2KiB", 0, 1024), /from 0 to 1KiB/);
  assert.equal(formatBytes(16 * 1024 * 1024), "16MiB");
  assert.equal(formatBytes(1000), "1000");
});

Deno.test("durations: the option's own unit, or a suffix", () => {
  assert.equal(parseDuration("300", "ms"), 300);
  assert.equal(parseDuration("2", "s"), 2000);
  assert.equal(parseDuration("250ms", "s"), 250);
  assert.equal(parseDuration("1.5s", "ms"), 1500);
  assert.equal(parseDuration("1m", "s"), 60_000);
  assert.throws(() => parseDuration("soon", "ms"), /number of milliseconds/);
  assert.throws(() => parseDuration("-1", "s"), /number of seconds/);
  assert.throws(() => parseDuration("30d", "s"), /number of seconds/);
  assert.throws(() => parseDuration("8h", "s", 3_600_000), /at most 3600 s/);
});

Deno.test("percentages, whole numbers, ranges, delays", () => {
  assert.equal(parsePercent("10"), 10);
  assert.equal(parsePercent("2.5%"), 2.5);
  assert.throws(() => parsePercent("150"), /from 0 to 100/);
  assert.throws(() => parsePercent("x"), /from 0 to 100/);
  assert.equal(parseInteger("42", 1, 100), 42);
  assert.throws(() => parseInteger("0", 1, 100), /whole number from 1 to 100/);
  assert.throws(() => parseInteger("1.5", 1, 100), /whole number/);
  assert.deepEqual(parseRange("1-3", 1, 10), { min: 1, max: 3 });
  assert.deepEqual(parseRange("7", 1, 10), { min: 7, max: 7 });
  assert.throws(() => parseRange("5-2", 1, 10), /MIN 5 is larger than MAX 2/);
  assert.throws(() => parseRange("0", 1, 10), /from 1 to 10/);
  assert.throws(() => parseRange("a-b", 1, 10), /MIN-MAX or N/);
  assert.deepEqual(parseDelay("100"), { ms: 100, jitter: 0 });
  assert.deepEqual(parseDelay("100:20"), { ms: 100, jitter: 20 });
  assert.throws(() => parseDelay("10:20"), /jitter 20 ms is larger than the delay 10 ms/);
  assert.throws(() => parseDelay("x"), /MS or MS:JITTER/);
});
