/** Message fragments that say where a resolved value came from, and how certain it is. */
import { describe, type Value } from '../model/values.js';
import { origin, where } from './helpers.js';

/**
 * " from `Settings.X` (file:line)", with what makes it soft: a settings field's default (the
 * environment can override it) or the default of an environment variable (used while it is unset).
 */
export function sourceNote(v: Value): string {
  if (v.k === 'env') {
    return v.dflt ? ` (${where(v.loc)}: its default, used while \`${v.name}\` is unset)` : ` (${where(v.loc)})`;
  }
  const src = 'src' in v ? v.src : undefined;
  if (!src) return '';
  if (src.name === 'settings comparison') return ' (computed from settings defaults)';
  const at = src.loc ? ` (${where(src.loc)})` : '';
  const env = /^os\.getenv\("([^"]*)"\)$/.exec(src.name);
  if (env) return ` from the default of \`${src.name}\`${at}, used while \`${env[1]}\` is unset`;
  if (src.soft) return ` from the default of \`${src.name}\`${at}, which the environment can override`;
  return origin(v);
}

/** True when the value is a default that the deployment may override (settings field, env default). */
export function isSoft(v: Value): boolean {
  if (v.k === 'env') return true;
  return 'src' in v && v.src?.soft === true;
}

/** A value for messages without printing a secret: `"chan…"` (10 characters). */
export function masked(v: Value): string {
  const s = v.k === 'str' ? v.v : v.k === 'env' && v.dflt?.k === 'str' ? v.dflt.v : undefined;
  if (s === undefined) return `\`${describe(v)}\``;
  const shown = s.length <= 4 ? s : `${s.slice(0, 4)}…`;
  return `\`${JSON.stringify(shown)}\` (${s.length} characters)`;
}
