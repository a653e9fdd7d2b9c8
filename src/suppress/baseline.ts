/**
 * Baselines: a previous run's SARIF (ours) or route inventory. Findings are matched by
 * `fingerprintOf` — rule, file and a line-independent key — so code that moved still matches. An
 * inventory also feeds the attack-surface diff (`diffInventory`). There is no separate baseline
 * format: `--write-baseline` writes our SARIF.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { ConfigError } from '../config/errors.js';
import { fingerprintOf } from '../report/fingerprint.js';
import { compareRoutes, normalizeInventory } from '../report/inventory.js';
import { FINGERPRINT_KEY, TOOL_NAME } from '../report/sarif.js';
import type { AuthStatus, Finding, Inventory, InventoryRoute } from '../types.js';

export interface Baseline {
  /** The file it was read from, for messages. */
  file: string;
  kind: 'sarif' | 'inventory';
  /** `fingerprintOf` of every result in a SARIF baseline (empty for an inventory). */
  fingerprints: ReadonlySet<string>;
  /** The routes of an inventory baseline. */
  inventory?: Inventory;
}

const ajv = new Ajv({ allErrors: false, strict: true });
const stringList = { type: 'array', items: { type: 'string' } } as const;
/** What we read from an inventory; other keys are allowed (newer writers may add some). */
const validateInventory = ajv.compile({
  type: 'object',
  required: ['version', 'routes'],
  properties: {
    version: { const: 1 },
    routes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'methods', 'path', 'file', 'line', 'auth', 'public'],
        properties: {
          kind: { enum: ['http', 'websocket'] },
          methods: stringList,
          path: { type: 'string' },
          file: { type: 'string' },
          line: { type: 'integer' },
          handler: { type: 'string' },
          apps: stringList,
          served: { type: 'boolean' },
          auth: { enum: ['required', 'optional', 'conditional', 'none', 'unknown'] },
          public: { type: 'boolean' },
          dependencies: stringList,
          evidence: { type: 'array' },
        },
      },
    },
  },
});
/** What we read from a SARIF log: each run's tool name and its results' fingerprints. */
const validateSarif = ajv.compile({
  type: 'object',
  required: ['runs'],
  properties: {
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: { type: 'object', required: ['driver'], properties: { driver: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
          results: { type: 'array', items: { type: 'object', properties: { partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } } } } },
        },
      },
    },
  },
});

interface SarifLike {
  runs: Array<{ tool: { driver: { name: string } }; results?: Array<{ partialFingerprints?: Record<string, string> }> }>;
}

/** ajv's first error, as `/routes/0/auth must be equal to one of the allowed values`. */
function ajvProblem(v: { errors?: ErrorObject[] | null }): string {
  const err = v.errors?.[0];
  return err ? `${err.instancePath || '(top level)'} ${err.message ?? ''}`.trim() : 'invalid';
}

const invalid = (file: string, problem: string): ConfigError => new ConfigError({ file, key: 'baseline', problem });

/** Reads a baseline file. Throws ConfigError when it is missing, unreadable or neither of our formats. */
export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalid(path, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (e as Error).message})`);
  }
  return parseBaseline(text, path);
}

/** A baseline from the text of our SARIF or our inventory JSON (version 1). */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw invalid(file, `not valid JSON (${(e as Error).message})`);
  }
  if (data !== null && typeof data === 'object' && 'routes' in data) {
    if (!validateInventory(data)) throw invalid(file, `not a fastapi-audit inventory (version 1): ${ajvProblem(validateInventory)}`);
    // `handler`, `dependencies` and `evidence` are optional in what we accept: fill them in before normalizing.
    // `apps` and `served` came later (an older inventory has neither): every route counts as served.
    const routes = (data as Inventory).routes.map((r) => ({
      ...r,
      handler: r.handler ?? '',
      apps: r.apps ?? [],
      served: r.served ?? true,
      dependencies: r.dependencies ?? [],
      evidence: r.evidence ?? [],
    }));
    return { file, kind: 'inventory', fingerprints: new Set(), inventory: normalizeInventory({ version: 1, routes, unincluded: [] }) };
  }
  if (!validateSarif(data)) throw invalid(file, `not a fastapi-audit SARIF file or inventory: ${ajvProblem(validateSarif)}`);
  const runs = (data as SarifLike).runs.filter((r) => r.tool.driver.name === TOOL_NAME);
  if (runs.length === 0) {
    const tools = [...new Set((data as SarifLike).runs.map((r) => r.tool.driver.name))].join(', ') || 'no runs';
    throw invalid(file, `SARIF from another tool (${tools}); a ${TOOL_NAME} SARIF file or inventory is needed`);
  }
  const fingerprints = new Set(runs.flatMap((r) => (r.results ?? []).map((res) => res.partialFingerprints?.[FINGERPRINT_KEY] ?? '')).filter(Boolean));
  return { file, kind: 'sarif', fingerprints };
}

/** Identity of a route across runs: kind, methods and full path (not file or line, which move). */
export function routeKey(r: Pick<InventoryRoute, 'kind' | 'methods' | 'path'>): string {
  const methods = [...new Set(r.methods.map((m) => m.toUpperCase()))].sort().join(',');
  return [r.kind, methods, r.path].filter((part) => part !== '').join(' ');
}

const PROTECTION: Record<AuthStatus, number> = { none: 0, unknown: 1, optional: 2, conditional: 2, required: 3 };

/** How protected a route is: public-on-purpose counts as open whatever its auth. */
const protection = (r: InventoryRoute): number => (r.public ? 0 : PROTECTION[r.auth]);

/** Routes by key; where a key occurs twice (a route registered twice), the less protected one. */
function routesByKey(inventory: Inventory): Map<string, InventoryRoute> {
  const out = new Map<string, InventoryRoute>();
  for (const r of [...inventory.routes].sort(compareRoutes)) {
    const key = routeKey(r);
    const seen = out.get(key);
    if (!seen || protection(r) < protection(seen)) out.set(key, r);
  }
  return out;
}

/**
 * Sets `finding.baseline` on every finding: `unchanged` when the baseline has it, else `new`.
 * SARIF baseline: by fingerprint. Inventory baseline (no findings in it): a finding reported at a
 * route of `current` (the inventory of this run) is `unchanged` when the baseline had that route
 * and it is not less protected now; every other finding is `new`.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, current?: Inventory): void {
  if (baseline.kind === 'sarif') {
    for (const f of findings) f.baseline = baseline.fingerprints.has(fingerprintOf(f)) ? 'unchanged' : 'new';
    return;
  }
  const before = routesByKey(baseline.inventory ?? { version: 1, routes: [], unincluded: [] });
  const routeAt = new Map((current?.routes ?? []).map((r) => [`${r.file}:${r.line}`, r]));
  for (const f of findings) {
    const route = routeAt.get(`${f.location.file}:${f.location.line}`);
    const old = route && before.get(routeKey(route));
    f.baseline = route && old && protection(route) >= protection(old) ? 'unchanged' : 'new';
  }
}

interface RouteChange {
  before: InventoryRoute;
  after: InventoryRoute;
}

/** The attack-surface diff between two inventories. Every list is sorted (path, methods, kind, …). */
export interface InventoryDiff {
  /** Routes that did not exist before (whatever their auth). */
  newRoutes: InventoryRoute[];
  /** Existing routes that were protected (auth required/optional, not public) and now are not (auth none, or marked public). */
  becamePublic: RouteChange[];
  /** Existing routes whose auth went from required to optional or unknown (and are not in becamePublic). */
  lostAuth: RouteChange[];
  /** Routes that no longer exist. */
  removed: InventoryRoute[];
}

export function diffInventory(before: Inventory, after: Inventory): InventoryDiff {
  const was = routesByKey(before);
  const now = routesByKey(after);
  const diff: InventoryDiff = { newRoutes: [], becamePublic: [], lostAuth: [], removed: [] };
  for (const [key, r] of now) {
    const old = was.get(key);
    if (!old) diff.newRoutes.push(r);
    else if (protection(old) >= PROTECTION.optional && protection(r) === 0) diff.becamePublic.push({ before: old, after: r });
    else if (protection(old) === PROTECTION.required && protection(r) < PROTECTION.required) diff.lostAuth.push({ before: old, after: r });
  }
  for (const [key, r] of was) if (!now.has(key)) diff.removed.push(r);
  const byAfter = (a: RouteChange, b: RouteChange) => compareRoutes(a.after, b.after);
  diff.newRoutes.sort(compareRoutes);
  diff.removed.sort(compareRoutes);
  diff.becamePublic.sort(byAfter);
  diff.lostAuth.sort(byAfter);
  return diff;
}
