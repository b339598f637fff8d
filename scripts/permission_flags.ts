/**
 * Prints how framecat runs, one flag per line: its permission set (deno.json's
 * `permissions.default`) as the `--allow-*` flags it stands for, then the V8
 * flags of deno.json's `start` task. For the one place that cannot take `-P`:
 * `deno install -g` (Deno 2.9.6) writes a shim that drops it. So each is
 * written once, in deno.json, and scripts/setup.sh installs with:
 *
 *   deno install -g … $(deno run --allow-read scripts/permission_flags.ts) main.ts
 *
 * Also a module: `permissionFlags(set)` and `framecatV8Flags()` for the tests
 * that check the shim and run framecat as its users do.
 */

/** One kind's grant, as deno.json writes it: everything, a list, or allow/deny/ignore. */
type Grant = boolean | string[] | { allow?: boolean | string[]; deny?: boolean | string[] };

/** The flags that grant `set` (`{net: true, sys: ["hostname"]}` → `--allow-net`, `--allow-sys=hostname`). */
export function permissionFlags(set: Record<string, Grant>): string[] {
  const flags: string[] = [];
  for (const [kind, grant] of Object.entries(set)) {
    if (typeof grant === "boolean" || Array.isArray(grant)) {
      flags.push(...flag("allow", kind, grant));
    } else if (typeof grant === "object" && grant !== null) {
      flags.push(...flag("allow", kind, grant.allow), ...flag("deny", kind, grant.deny));
    } else {
      throw new TypeError(`Cannot read the permission "${kind}": ${JSON.stringify(grant)}`);
    }
  }
  return flags;
}

function flag(verb: "allow" | "deny", kind: string, value: boolean | string[] | undefined) {
  if (value === undefined || value === false) return [];
  if (value === true) return [`--${verb}-${kind}`];
  if (value.some((v) => v.includes(","))) {
    throw new TypeError(`Cannot write the permission "${kind}": a value holds a comma`);
  }
  return value.length === 0 ? [] : [`--${verb}-${kind}=${value.join(",")}`];
}

/** The deno.json beside this script, parsed. */
function denoConfig() {
  return JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
}

/** framecat's permission set, from the deno.json beside this script. */
export function framecatPermissions(config = denoConfig()): Record<string, Grant> {
  const set = config?.permissions?.default;
  if (typeof set !== "object" || set === null) {
    throw new TypeError("Cannot find permissions.default in deno.json");
  }
  return set;
}

/**
 * The `--v8-flags=…` of deno.json's `start` task (none, or one), which every way of running
 * framecat passes: the install, the compile tasks, the tests that start it as a process.
 */
export function framecatV8Flags(config = denoConfig()): string[] {
  const start = config?.tasks?.start;
  const command = typeof start === "string" ? start : start?.command;
  if (typeof command !== "string") throw new TypeError("Cannot find the start task in deno.json");
  return command.split(/\s+/).filter((word: string) => word.startsWith("--v8-flags="));
}

if (import.meta.main) {
  const config = denoConfig();
  console.log(
    [...permissionFlags(framecatPermissions(config)), ...framecatV8Flags(config)].join("\n"),
  );
}
