/** The TLS endpoints and options: every accepted form, and the one-line refusal of each misuse. */
import assert from "node:assert/strict";
import { formatEndpoint } from "../lib/transport/endpoint.ts";
import { parseEndpoint } from "../lib/options/endpoint.ts";
import { looksLikeTls } from "../lib/framing/tls_hint.ts";
import { makeCertificates } from "../lib/transport/certificate.ts";
import { runFramecat } from "./helpers/cli.ts";
import { tempDir } from "./tls_helpers.ts";

Deno.test("tls:// and socat's OPENSSL:HOST:PORT are TCP with TLS", () => {
  const tls = { transport: "tcp", host: "localhost", port: 8443, hostGiven: true, tls: {} };
  assert.deepEqual(parseEndpoint("tls://localhost:8443"), tls);
  assert.deepEqual(parseEndpoint("TLS://localhost:8443"), tls);
  assert.deepEqual(parseEndpoint("OPENSSL:localhost:8443"), tls);
  assert.deepEqual(parseEndpoint("openssl:[::1]:443"), { ...tls, host: "::1", port: 443 });
  assert.deepEqual(parseEndpoint("tls://8443"), { ...tls, host: "127.0.0.1", hostGiven: false });
  // A host that happens to be called openssl stays a host.
  assert.deepEqual(parseEndpoint("openssl:443"), {
    transport: "tcp",
    host: "openssl",
    port: 443,
    hostGiven: true,
  });
  assert.equal(formatEndpoint(parseEndpoint("OPENSSL:[::1]:443")), "tls://[::1]:443");
  assert.throws(() => parseEndpoint("OPENSSL:udp://x:1"), /OPENSSL: is followed by HOST:PORT/);
});

Deno.test("a TLS record is recognised by its first three bytes, and plain text is not", () => {
  assert.ok(looksLikeTls(new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00])), "ClientHello");
  assert.ok(looksLikeTls(new Uint8Array([0x15, 0x03, 0x03, 0x00, 0x02])), "alert");
  assert.ok(!looksLikeTls(new TextEncoder().encode("GET / HTTP/1.1")));
  assert.ok(!looksLikeTls(new Uint8Array([0x16, 0x03])), "too short to tell");
  assert.ok(!looksLikeTls(new Uint8Array([0x17, 0x03, 0x03])), "application data is not hinted");
});

/** framecat's refusal: exit 2 and one line on stderr. */
async function refused(args: string[]): Promise<string> {
  const r = await runFramecat(args);
  assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  return lines[0];
}

Deno.test("TLS options that no endpoint uses, or the wrong side uses, are refused in one line", async () => {
  await using dir = await tempDir();
  const pem = `${dir.path}/x.pem`;
  await Deno.writeTextFile(pem, "not a certificate\n");
  assert.match(
    await refused(["serve", "tcp://127.0.0.1:0", "--alpn", "h2"]),
    /--alpn is a TLS option: use a tls:\/\/HOST:PORT endpoint/,
  );
  assert.match(
    await refused(["serve", "tls://127.0.0.1:0", "--insecure"]),
    /--insecure is for a tls:\/\/ endpoint we connect to/,
  );
  assert.match(
    await refused(["connect", "tls://127.0.0.1:1", "--ca-out", pem]),
    /--ca-out is for a tls:\/\/ endpoint we listen on/,
  );
  assert.match(
    await refused(["connect", "tls://127.0.0.1:1", "--ca", pem]),
    /holds no PEM CERTIFICATE block/,
  );
  assert.match(
    await refused(["connect", "tls://127.0.0.1:1", "--ca", `${dir.path}/none`]),
    /--ca: Cannot read/,
  );
  assert.match(
    await refused(["relay", "tls://127.0.0.1:0", "tcp://127.0.0.1:1", "--reset-after", "10"]),
    /--reset-after is not available with tls:\/\//,
  );
});

Deno.test("--cert and --key go together, and --ca-out only with a throw-away CA", async () => {
  await using dir = await tempDir();
  const made = await runFramecat(["serve", "tls://127.0.0.1:0", "--help"]);
  assert.match(made.stdout, /--servername <name>/);
  const cert = `${dir.path}/cert.pem`;
  await Deno.writeTextFile(cert, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
  assert.match(
    await refused(["serve", "tls://127.0.0.1:0", "--cert", cert]),
    /--cert and --key go together/,
  );
  const key = `${dir.path}/key.pem`;
  await Deno.writeTextFile(key, "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
  assert.match(
    await refused([
      "serve",
      "tls://127.0.0.1:0",
      "--cert",
      cert,
      "--key",
      key,
      "--ca-out",
      `${dir.path}/ca`,
    ]),
    /--ca-out writes the throw-away CA/,
  );
});

Deno.test("a certificate with another's key, or an unwritable --ca-out: exit 2, one line", async () => {
  await using dir = await tempDir();
  const [one, other] = await Promise.all([
    makeCertificates({ names: ["localhost"] }),
    makeCertificates({ names: ["localhost"] }),
  ]);
  await Deno.writeTextFile(`${dir.path}/cert.pem`, one.cert);
  await Deno.writeTextFile(`${dir.path}/key.pem`, other.key);
  const mismatch = ["--cert", `${dir.path}/cert.pem`, "--key", `${dir.path}/key.pem`];
  assert.match(
    await refused(["serve", "tls://127.0.0.1:0", ...mismatch]),
    /^framecat: Cannot use --cert\/--key: .*; give a PEM certificate and its own key$/,
  );
  assert.match(
    await refused(["serve", "tls://127.0.0.1:0", "--ca-out", `${dir.path}/no/such/ca.pem`]),
    /^framecat: Cannot write --ca-out /,
  );
});
