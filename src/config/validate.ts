/**
 * Schema validation with ajv, and the translation of ajv's errors into one friendly problem per
 * key: `key: problem (allowed: …)`, located on the line the key is written on.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ConfigProblem } from './errors.js';
import { configSchema, FORMATS, typeLabel, type JsonSchema } from './schema.js';
import type { KnownRule } from './types.js';

/** A path to a value in the config: keys and array indices, relative to the config's root table. */
export type KeyPath = ReadonlyArray<string | number>;

/** Where a config value came from: a file (with a way to find a key's line) or CLI/action inputs. */
export interface ConfigOrigin {
  file?: string;
  lineOf?: (path: KeyPath) => number | undefined;
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: f.validate });

const validators = new Map<string, ValidateFunction>();

function validatorFor(knownRules: readonly KnownRule[]): ValidateFunction {
  const key = knownRules.map((r) => `${r.id}\0${r.name}`).join('\0');
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(configSchema(knownRules));
    validators.set(key, v);
  }
  return v;
}

/** `rules.FA101.severity`, `public[2].methods[0]`. */
function formatKey(path: KeyPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** A problem at a key path, located through `origin`. */
export function problemAt(origin: ConfigOrigin, path: KeyPath, problem: string): ConfigProblem {
  return {
    ...(origin.file !== undefined && { file: origin.file }),
    ...(origin.lineOf && { line: origin.lineOf(path) }),
    ...(path.length > 0 && { key: formatKey(path) }),
    problem,
  };
}

/** Validates `data` against the config schema; empty when valid. Problems are sorted by line. */
export function validateConfig(data: unknown, knownRules: readonly KnownRule[], origin: ConfigOrigin): ConfigProblem[] {
  const validate = validatorFor(knownRules);
  if (validate(data)) return [];
  return explain(validate.errors ?? [])
    .map(({ path, problem }) => problemAt(origin, path, problem))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.key ?? '').localeCompare(b.key ?? ''));
}

type JsonType = 'null' | 'array' | 'object' | 'integer' | 'number' | 'string' | 'boolean';

function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v as JsonType;
}

function accepts(s: JsonSchema, v: unknown): boolean {
  const t = jsonType(v);
  return s.type === t || (s.type === 'number' && t === 'integer');
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeValue(v: unknown): string {
  switch (jsonType(v)) {
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'null':
      return 'null (empty value)';
    default:
      return `${typeof v} ${show(v)}`;
  }
}

function decodePointer(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * ajv reports every failed branch of an `anyOf`; keep the branch whose `type` matches the value
 * (that is the one the user meant) or, when none does, say what the alternatives are. Then one
 * problem per key path, preferring the first (ajv checks `type` before `enum`).
 */
function explain(errors: readonly ErrorObject[]): Array<{ path: KeyPath; problem: string }> {
  const dropped = new Set<ErrorObject>();
  const out: Array<{ path: KeyPath; problem: string }> = [];
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const a of anyOfs) {
    if (dropped.has(a)) continue;
    dropped.add(a);
    const branches = a.schema as JsonSchema[];
    const chosen = branches.findIndex((b) => accepts(b, a.data));
    for (const e of errors) {
      if (e.schemaPath.startsWith(`${a.schemaPath}/`) && !e.schemaPath.startsWith(`${a.schemaPath}/${chosen}/`)) dropped.add(e);
    }
    if (chosen < 0) {
      out.push({ path: decodePointer(a.instancePath), problem: `expected ${typeLabel({ anyOf: branches })}, got ${describeValue(a.data)}` });
    }
  }
  for (const e of errors) {
    // Errors carrying `propertyName` come from inside `propertyNames`; its own error says it better.
    if (dropped.has(e) || e.propertyName !== undefined) continue;
    out.push(explainOne(e));
  }
  const seen = new Set<string>();
  return out.filter(({ path }) => {
    const k = JSON.stringify(path);
    return !seen.has(k) && seen.add(k);
  });
}

function explainOne(e: ErrorObject): { path: KeyPath; problem: string } {
  const path = decodePointer(e.instancePath);
  const parent = e.parentSchema as JsonSchema | undefined;
  switch (e.keyword) {
    case 'additionalProperties':
      return {
        path: [...path, e.params.additionalProperty as string],
        problem: `unknown key (allowed: ${Object.keys(parent?.properties ?? {}).join(', ')})`,
      };
    case 'propertyNames': {
      const names = e.schema as JsonSchema;
      return {
        path: [...path, e.params.propertyName as string],
        problem: `unknown ${names.title ?? 'key'} (allowed: ${names.enum?.join(', ') || 'none'})`,
      };
    }
    case 'required':
      return { path: [...path, e.params.missingProperty as string], problem: 'missing (required)' };
    case 'type':
      return { path, problem: `expected ${parent ? typeLabel(parent) : e.params.type}, got ${describeValue(e.data)}` };
    case 'enum':
      return { path, problem: `${show(e.data)} is not one of ${(e.params.allowedValues as unknown[]).join(', ')}` };
    case 'format':
      return { path, problem: `${show(e.data)} is not a valid ${FORMATS[e.params.format as keyof typeof FORMATS]?.label ?? e.params.format}` };
    case 'minLength':
      return { path, problem: 'must not be empty' };
    case 'minimum':
      return { path, problem: `must be at least ${e.params.limit}` };
    default:
      return { path, problem: e.message ?? e.keyword };
  }
}
