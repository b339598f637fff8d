/**
 * The names a mistyped one likely meant, found as commander finds a mistyped
 * command or option (its suggestSimilar, which it does not export): the
 * fewest edits, at most 3, and more than 40 % of the longer name left alike.
 */

/** Edits commander still suggests across. */
const MAX_EDITS = 3;
/** The share of the longer name that must stay alike. */
const MIN_SIMILARITY = 0.4;

/** The names of `names` closest to `word`, sorted; none when none is close. */
export function likelyNames(word: string, names: readonly string[]): string[] {
  let best = MAX_EDITS;
  let closest: string[] = [];
  for (const name of new Set(names)) {
    if (name.length <= 1) continue;
    const edits = editDistance(word, name);
    const length = Math.max(word.length, name.length);
    if ((length - edits) / length <= MIN_SIMILARITY) continue;
    if (edits < best) [best, closest] = [edits, [name]];
    else if (edits === best) closest.push(name);
  }
  return closest.sort((a, b) => a.localeCompare(b));
}

/**
 * The optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours, no part edited twice. Far apart in length, the longer length (no closer than that).
 */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > MAX_EDITS) return Math.max(a.length, b.length);
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
