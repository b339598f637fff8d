/**
 * The TLS options of the command line (--cert, --key, --ca, --ca-out,
 * --servername, --insecure, --alpn) and how they attach to the `tls://`
 * endpoints of a command: a listening endpoint gets the server's half, a
 * connecting one the client's.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { errorMessage, UsageError } from "../errors.ts";
import type { Endpoint } from "../transport/endpoint.ts";
import type { TlsSettings } from "../transport/tls_settings.ts";

export type { TlsSettings };

export type TlsRole = "server" | "client";

/** Options that only one side uses, with the side. */
const ROLE_OF: Record<string, TlsRole> = {
  caOut: "server",
  ca: "client",
  servername: "client",
  insecure: "client",
};

const FLAGS: Record<string, string> = {
  cert: "--cert",
  key: "--key",
  ca: "--ca",
  caOut: "--ca-out",
  servername: "--servername",
  insecure: "--insecure",
  alpn: "--alpn",
};

/** Reads a PEM file that must hold a block of `kind` (`CERTIFICATE`, `PRIVATE KEY`). */
function pemFile(kind: string): (path: string) => string {
  return (path) => {
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch (err) {
      throw new InvalidArgumentError(`Cannot read "${path}": ${errorMessage(err)}`);
    }
    if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text)) {
      throw new InvalidArgumentError(`"${path}" holds no PEM ${kind} block`);
    }
    return text;
  };
}

function alpnList(text: string): string[] {
  const list = text.split(",").map((p) => p.trim());
  if (list.some((p) => p === "" || p.length > 255)) {
    throw new InvalidArgumentError(
      `Cannot use "${text}": list protocols separated by commas, e.g. h2,http/1.1`,
    );
  }
  return list;
}

/** Adds the TLS options to a command. */
export function tlsOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--cert <file>", "TLS: our certificate (PEM); a server makes one if not given")
        .argParser(pemFile("CERTIFICATE")),
    )
    .addOption(
      new Option("--key <file>", "TLS: the private key of --cert (PEM)")
        .argParser(pemFile("PRIVATE KEY")),
    )
    .addOption(
      new Option("--ca <file>", "TLS client: also trust these CA certificates (PEM)")
        .argParser(pemFile("CERTIFICATE")),
    )
    .option("--ca-out <file>", "TLS server: write the throw-away CA certificate here")
    .option("--servername <name>", "TLS client: the name sent (SNI) and checked")
    .option("--insecure", "TLS client: do not verify the server's certificate")
    .addOption(
      new Option("--alpn <list>", "TLS: protocols offered or accepted, e.g. h2,http/1.1")
        .argParser(alpnList),
    );
}

// deno-lint-ignore no-explicit-any
type Raw = Record<string, any>;

/** True for a `tls://` endpoint. */
export function isTls(ep: Endpoint): boolean {
  return ep.transport !== "unix" && ep.tls !== undefined;
}

/** The TLS options given on the command line, by field name. */
function given(raw: Raw): string[] {
  return Object.keys(FLAGS).filter((k) => raw[k] !== undefined);
}

/**
 * Fills in the settings of `ep` for `role` from the options. Call once per
 * endpoint of the command; then {@linkcode checkTlsUse} over all of them.
 */
export function withTls(ep: Endpoint, raw: Raw, role: TlsRole): Endpoint {
  if (ep.transport === "unix" || !ep.tls) return ep;
  const settings: TlsSettings = {};
  for (const k of given(raw)) {
    if ((ROLE_OF[k] ?? role) === role) Object.assign(settings, { [k]: raw[k] });
  }
  return { ...ep, tls: settings };
}

/**
 * Refuses TLS options that no endpoint of the command uses: a flag with no
 * `tls://` endpoint, or one for the other side (--insecure on a server).
 * `cert`/`key` of a relay that both listens and connects with TLS are the server's.
 */
export function checkTlsUse(raw: Raw, endpoints: Array<[Endpoint, TlsRole]>): void {
  const tls = endpoints.filter(([ep]) => isTls(ep));
  for (const k of given(raw)) {
    const role = ROLE_OF[k];
    if (tls.length === 0) {
      throw new UsageError(`${FLAGS[k]} is a TLS option: use a tls://HOST:PORT endpoint`);
    }
    if (role && !tls.some(([, r]) => r === role)) {
      const side = role === "client"
        ? "a tls:// endpoint we connect to (connect, flood, a relay's target)"
        : "a tls:// endpoint we listen on (serve, sink, a relay's first endpoint)";
      // A server with --ca means to verify its clients: say why it cannot, not only where --ca goes.
      const why = k === "ca"
        ? "; Deno's TLS server cannot ask clients for certificates, so it has none to verify"
        : "";
      throw new UsageError(`${FLAGS[k]} is for ${side}${why}`);
    }
  }
  if ((raw.cert === undefined) !== (raw.key === undefined)) {
    throw new UsageError("--cert and --key go together: give both, or neither");
  }
  const clientCert = tls.some(([, r]) => r === "client") && !tls.some(([, r]) => r === "server");
  if (clientCert && raw.cert !== undefined && raw.servername !== undefined && !raw.insecure) {
    throw new UsageError(
      "--servername with a client certificate (--cert) is not possible with Deno's TLS yet: " +
        "connect by that name instead",
    );
  }
  if (raw.caOut !== undefined && raw.cert !== undefined) {
    throw new UsageError(
      "--ca-out writes the throw-away CA, made only without --cert: give clients your own CA",
    );
  }
}

/** A relay resets with node:net, which would carry TLS bytes undecrypted: refused. */
export function checkRelayTls(resetAfter: number | undefined, endpoints: Endpoint[]): void {
  if (resetAfter !== undefined && endpoints.some(isTls)) {
    throw new UsageError(
      "--reset-after is not available with tls:// yet; use --close-after, or relay plain tcp://",
    );
  }
}
