/**
 * Helpers of the TLS tests: certificates made by openssl (a CA and a server
 * certificate it signs), an `openssl s_server`, and a framecat TLS server
 * that writes its throw-away CA. Temporary files are removed on dispose.
 */
import { makeCertificates } from "../lib/transport/certificate.ts";
import { Framecat } from "./helpers/cli.ts";
import { output } from "./helpers/process.ts";
import { startRelay } from "./relay_helpers.ts";

export const J = ["--output", "json"];

/** A temporary folder (prefix fc13), removed with everything in it on dispose. */
export async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "fc13-tls-" });
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }).catch(() => {}),
  };
}

export interface CertFiles {
  ca: string;
  cert: string;
  key: string;
}

/** An openssl-made CA, and a P-256 certificate it signs for localhost and 127.0.0.1, in `dir`. */
export async function opensslCertificates(dir: string): Promise<CertFiles> {
  const f = (name: string) => `${dir}/${name}`;
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await output("openssl", [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=fc13 openssl test CA",
  ]);
  await output("openssl", [
    "req",
    ...ec,
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
    "-subj",
    "/CN=localhost",
  ]);
  await Deno.writeTextFile(
    f("ext.cnf"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
  );
  await output("openssl", [
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-out",
    f("server.pem"),
    "-days",
    "2",
    "-extfile",
    f("ext.cnf"),
  ]);
  return { ca: f("ca.pem"), cert: f("server.pem"), key: f("server.key") };
}

/** A CA and a certificate it signs that expired yesterday (openssl 3.0 cannot backdate). */
export async function expiredCertificates(dir: string): Promise<CertFiles> {
  const day = 24 * 3600_000;
  const made = await makeCertificates({
    names: ["localhost", "127.0.0.1"],
    notBefore: new Date(Date.now() - 3 * day),
    notAfter: new Date(Date.now() - day),
  });
  const files = { ca: `${dir}/old-ca.pem`, cert: `${dir}/old.pem`, key: `${dir}/old.key` };
  await Deno.writeTextFile(files.ca, made.ca);
  await Deno.writeTextFile(files.cert, made.cert);
  await Deno.writeTextFile(files.key, made.key);
  return files;
}

/** `openssl s_server` on a free loopback port, its port read from its `ACCEPT` line. */
export async function opensslServer(
  files: { cert: string; key: string },
  extra: string[] = [],
): Promise<{ port: number; output(): Promise<string> } & AsyncDisposable> {
  const child = new Deno.Command("openssl", {
    args: ["s_server", "-accept", "127.0.0.1:0", "-cert", files.cert, "-key", files.key, ...extra],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  const dispose = async () => {
    clearTimeout(timer);
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.stdin.abort().catch(() => {});
    await reader.cancel().catch(() => {});
    await child.status;
  };
  let accept: RegExpExecArray | null = null;
  while (!(accept = /ACCEPT \S+:(\d+)/.exec(out))) {
    const { value, done } = await reader.read();
    if (done) {
      await dispose();
      throw new Error(`openssl s_server ended before ACCEPT: ${out}`);
    }
    out += value;
  }
  /** Everything s_server printed so far and until it exits (bounded by the 60 s timer). */
  const rest = async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value;
    return out;
  };
  return { port: Number(accept[1]), output: rest, [Symbol.asyncDispose]: dispose };
}

/** `framecat serve tls://127.0.0.1:0` writing its CA to `caOut`, with extra options. */
export async function tlsServe(caOut: string, ...extra: string[]) {
  return await Framecat.listening([
    "serve",
    "tls://127.0.0.1:0",
    "--ca-out",
    caOut,
    ...J,
    ...extra,
  ]);
}

/** Hex SHA-256 of `data`. */
export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data)).toHex();
}

/**
 * A relay terminating TLS on tls://127.0.0.1:0 in front of `target`, its
 * throw-away CA written to `dir`/relay-ca.pem (`ca`, for the client to trust).
 */
export async function terminatingRelay(
  dir: string,
  target: string,
  args: string[] = [],
): Promise<{ relay: Framecat; port: number; ca: string }> {
  const ca = `${dir}/relay-ca.pem`;
  const { relay, port } = await startRelay(target, ["--ca-out", ca, ...args], "tls://127.0.0.1:0");
  return { relay, port, ca };
}
