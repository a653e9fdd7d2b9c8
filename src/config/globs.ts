/**
 * Globs from the config (include/exclude, auth patterns, public routes) are compiled by picomatch
 * into JavaScript regular expressions, which backtrack. picomatch already defuses nested extglobs
 * and rejects patterns over 65 536 characters (with a TypeError, at scan time), but two shapes stay
 * polynomial with a high degree: many `*` in one path segment and many globstar segments in one
 * glob. Measured on Node 20 with adversarial names: 4 `*` in a segment against a 250-character file
 * name, or 4 globstars against a 400-character path, take about a second per match (5 `*`: a
 * minute); 3 of either take tens of milliseconds. Real globs use one or two.
 *
 * So a glob is refused, with the key that holds it, when it is longer than MAX_GLOB_CHARS, has more
 * than MAX_STARS_PER_SEGMENT `*` wildcards in one segment, or more than MAX_GLOBSTARS `**`
 * segments. No regex is compiled from user input anywhere else.
 */
const MAX_GLOB_CHARS = 1000;
export const MAX_STARS_PER_SEGMENT = 3;
export const MAX_GLOBSTARS = 3;

/** Why a glob is refused, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_CHARS) return `glob of ${glob.length} characters is too long (allowed: at most ${MAX_GLOB_CHARS})`;
  // Escaped characters and bracket classes hold no wildcard.
  const bare = glob.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
  let globstars = 0;
  for (const segment of bare.split('/')) {
    if (segment === '**') {
      globstars++;
      continue;
    }
    const stars = segment.match(/\*+/g)?.length ?? 0;
    if (stars > MAX_STARS_PER_SEGMENT) {
      return `"${clip(glob)}" has ${stars} \`*\` wildcards in one path segment, which makes matching slow (allowed: at most ${MAX_STARS_PER_SEGMENT} per segment)`;
    }
  }
  if (globstars > MAX_GLOBSTARS) return `"${clip(glob)}" has ${globstars} \`**\` segments, which makes matching slow (allowed: at most ${MAX_GLOBSTARS})`;
  return undefined;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
