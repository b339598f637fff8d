/**
 * The TLS options of the command line (--cert, --key, --ca, --ca-out,
 * --servername, --insecure, --alpn) and how they attach to the `tls://`
 * endpoints of a command: a listening endpoint gets the server's half, a
 * connecting one the client's.
 */
import { saidOf, UsageError } from "../errors.ts";
import { said } from "../i18n/say.ts";
import { readTextFileBounded } from "../read_file.ts";
import type { Endpoint } from "../transport/endpoint.ts";
import type { TlsSettings } from "../transport/tls_settings.ts";
import { checkCertifiedKey } from "../transport/tls.ts";
import { flag, opt, table, type Values } from "./table.ts";
import { text } from "./values.ts";

export type { TlsSettings };

export type TlsRole = "server" | "client";

/** A PEM file's bytes read at most: a CA bundle of a few hundred certificates fits. */
const MAX_PEM_BYTES = 4 * 1024 * 1024;

/** Reads a PEM file that must hold a block of `kind` (`CERTIFICATE`, `PRIVATE KEY`). */
function pemFile(kind: string): (path: string) => string {
  return (path) => {
    let pem: string;
    try {
      pem = readTextFileBounded(path, MAX_PEM_BYTES);
    } catch (err) {
      throw new UsageError(said("usage.read_file", { path, error: saidOf(err) }));
    }
    if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(pem)) {
      throw new UsageError(said("usage.pem_block", { path, kind }));
    }
    return pem;
  };
}

/** An encrypted PEM key: PKCS#8's own block, or the traditional form's header. */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: 4,ENCRYPTED/m;

/** Reads --key: a PEM private key, unencrypted (Deno's TLS takes no passphrase). */
function keyFile(path: string): string {
  const pem = pemFile("PRIVATE KEY")(path);
  if (ENCRYPTED_KEY.test(pem)) {
    const plain = path.replace(/(\.[^./]*)?$/, (ext) => `-plain${ext}`);
    throw new UsageError(said("usage.key_encrypted", { path, plain }));
  }
  return pem;
}

function alpnList(text: string): string[] {
  const list = text.split(",").map((p) => p.trim());
  if (list.some((p) => p === "" || p.length > 255)) {
    throw new UsageError(said("usage.alpn", { value: text }));
  }
  return list;
}

/** The TLS options (serve, connect, relay, sink, flood); PEM files are read as they are parsed. */
export const TLS = table({
  cert: opt({
    flags: "--cert <file>",
    help: "opt.cert",
    parse: pemFile("CERTIFICATE"),
  }),
  key: opt({
    flags: "--key <file>",
    help: "opt.key",
    parse: keyFile,
  }),
  ca: opt({
    flags: "--ca <file>",
    help: "opt.ca",
    parse: pemFile("CERTIFICATE"),
  }),
  caOut: opt({
    flags: "--ca-out <file>",
    help: "opt.ca_out",
    parse: text,
  }),
  servername: opt({
    flags: "--servername <name>",
    help: "opt.servername",
    parse: text,
  }),
  insecure: flag({
    flags: "--insecure",
    help: "opt.insecure",
  }),
  alpn: opt({
    flags: "--alpn <list>",
    help: "opt.alpn",
    parse: alpnList,
  }),
});

/** The TLS options as given. */
export type TlsValues = Values<typeof TLS>;
type TlsKey = keyof typeof TLS;

/** Options that only one side uses, with the side. */
const ROLE_OF: Partial<Record<TlsKey, TlsRole>> = {
  caOut: "server",
  ca: "client",
  servername: "client",
  insecure: "client",
};

/** How the user writes the option of `k`. */
function flagOf(k: TlsKey): string {
  return TLS[k].option.long!;
}

/** True for a `tls://` endpoint. */
export function isTls(ep: Endpoint): boolean {
  return ep.transport !== "unix" && ep.tls !== undefined;
}

/** The TLS options given on the command line (a flag not given is false). */
function given(tls: TlsValues): TlsKey[] {
  return (Object.keys(TLS) as TlsKey[]).filter((k) => tls[k] !== undefined && tls[k] !== false);
}

/**
 * Fills in the settings of `ep` for `role` from the options. Call once per
 * endpoint of the command; then {@linkcode checkTlsUse} over all of them.
 */
export function withTls(ep: Endpoint, tls: TlsValues, role: TlsRole): Endpoint {
  if (ep.transport === "unix" || !ep.tls) return ep;
  const settings: TlsSettings = {};
  for (const k of given(tls)) {
    if ((ROLE_OF[k] ?? role) === role) Object.assign(settings, { [k]: tls[k] });
  }
  return { ...ep, tls: settings };
}

/**
 * Refuses TLS options that no endpoint of the command uses: a flag with no
 * `tls://` endpoint, or one for the other side (--insecure on a server).
 * `cert`/`key` of a relay that both listens and connects with TLS are the server's.
 * Then a client's --cert/--key pair that Deno's TLS cannot use.
 */
export function checkTlsUse(tls: TlsValues, endpoints: Array<[Endpoint, TlsRole]>): void {
  const secured = endpoints.filter(([ep]) => isTls(ep));
  for (const k of given(tls)) {
    const role = ROLE_OF[k];
    if (secured.length === 0) {
      throw new UsageError(said("usage.tls_option", { option: flagOf(k) }));
    }
    if (role && !secured.some(([, r]) => r === role)) {
      // A server with --ca means to verify its clients: say why it cannot, not only where --ca goes.
      const key = k === "ca"
        ? "usage.tls_ca_server"
        : role === "client"
        ? "usage.tls_client_only"
        : "usage.tls_server_only";
      throw new UsageError(said(key, { option: flagOf(k) }));
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new UsageError(said("usage.cert_key"));
  }
  const clientCert = secured.some(([, r]) => r === "client") &&
    !secured.some(([, r]) => r === "server");
  if (clientCert && tls.cert !== undefined && tls.servername !== undefined && !tls.insecure) {
    throw new UsageError(said("usage.servername_cert"));
  }
  if (tls.caOut !== undefined && tls.cert !== undefined) {
    throw new UsageError(said("usage.ca_out_cert"));
  }
  // The combination is right: now a client's pair itself (a server's is loaded, and refused
  // the same way, by its own listen).
  if (clientCert && tls.cert !== undefined && tls.key !== undefined) {
    checkCertifiedKey(tls.cert, tls.key);
  }
}

/** A relay resets with node:net, which would carry TLS bytes undecrypted: refused. */
export function checkRelayTls(resetAfter: number | undefined, endpoints: Endpoint[]): void {
  if (resetAfter !== undefined && endpoints.some(isTls)) {
    throw new UsageError(said("usage.reset_tls"));
  }
}
