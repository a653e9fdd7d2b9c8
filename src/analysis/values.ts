/**
 * Reading resolved values for the rules: their alternatives, whether a flag is off, a dict entry,
 * and the message fragments that say where a value came from and how certain it is.
 */
import { UNKNOWN, choice, describe, withSrc, type Provenance, type Value } from '../model/values.js';
import { where } from './helpers.js';

// ------------------------------------------------------------------ alternatives, flags, entries

/** Every concrete alternative of a value; an environment read counts as its default (what runs when it is unset). */
export function concreteAlternatives(v: Value): Value[] {
  if (v.k === 'choice') return v.options.flatMap(concreteAlternatives);
  if (v.k === 'env') return v.dflt ? concreteAlternatives(v.dflt) : [UNKNOWN(`environment ${v.name}`)];
  return [v];
}

export interface FlagReading {
  /** The falsy alternative found (`False`, `None`, `0`, `""`: Python truthiness). */
  alt: Value;
  /** Every alternative is falsy (otherwise the value only may be). */
  certain: boolean;
}

/** A flag that is (or may be) off: some alternative is a falsy literal. Unknown alternatives do not count. */
export function flagOff(v: Value): FlagReading | undefined {
  const alts = concreteAlternatives(v);
  const off = alts.filter((a) => (a.k === 'bool' && !a.v) || a.k === 'none' || (a.k === 'num' && a.v === 0) || (a.k === 'str' && a.v === ''));
  if (!off.length) return undefined;
  return { alt: off[0]!, certain: off.length === alts.length };
}

/** The entry of a dict value (or of each dict alternative) under a string key. */
export function dictEntry(v: Value, key: string): Value | undefined {
  const found: Value[] = [];
  for (const a of v.k === 'choice' ? v.options : [v]) {
    if (a.k !== 'dict') continue;
    for (const [k, x] of a.entries) if (k.k === 'str' && k.v === key) found.push(x);
  }
  return found.length ? choice(found) : undefined;
}

/** Provenance for a value that has none, distributed into the alternatives of a choice. */
export function attachProvenance(v: Value, src: Provenance): Value {
  if (v.k === 'choice') return { k: 'choice', options: v.options.map((o) => attachProvenance(o, src)) };
  return withSrc(v, src);
}

// ------------------------------------------------------------------ where a value came from

/** " from `Settings.X` (file:line)" when the value carries provenance. */
export function origin(v: Value): string {
  const src = 'src' in v ? v.src : undefined;
  if (!src) return '';
  return src.loc ? ` from \`${src.name}\` (${where(src.loc)})` : ` from \`${src.name}\``;
}

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

/** A value for messages without printing a secret: `"chan…"` (10 characters). */
export function masked(v: Value): string {
  const s = v.k === 'str' ? v.v : v.k === 'env' && v.dflt?.k === 'str' ? v.dflt.v : undefined;
  if (s === undefined) return `\`${describe(v)}\``;
  const shown = s.length <= 4 ? s : `${s.slice(0, 4)}…`;
  return `\`${JSON.stringify(shown)}\` (${s.length} characters)`;
}
