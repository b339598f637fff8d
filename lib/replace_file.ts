/**
 * Writing a file framecat makes (the throw-away CA of `--ca-out`) where
 * someone else may have been first: never through what is at the path (a
 * symlink planted to a file of ours, a file another user owns), but into a
 * new file beside it, made with our mode, then renamed over the path.
 */
import { basename, dirname, join } from "node:path";

/** Writes `text` to `path` as a new file of mode `mode`, replacing whatever the path held. */
export async function replaceFile(path: string, text: string, mode: number): Promise<void> {
  const random = crypto.getRandomValues(new Uint8Array(6)).toHex();
  const temp = join(dirname(path), `.${basename(path)}.${random}.tmp`);
  // createNew: O_EXCL, so not even a symlink planted at the temporary name is followed.
  const file = await Deno.open(temp, { write: true, createNew: true, mode });
  try {
    try {
      await file.write(new TextEncoder().encode(text));
    } finally {
      file.close();
    }
    await Deno.chmod(temp, mode); // the mode asked, whatever the umask
    await Deno.rename(temp, path);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
}
