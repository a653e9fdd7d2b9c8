/** The CORS settings of every CORSMiddleware in the project, read once and shared by the FA2xx rules. */
import type { Project } from '../model/project.js';
import { alternatives, describe, type CallArgs, type SrcLoc, type Value } from '../model/values.js';
import { instLabel, isClass, origin } from './helpers.js';

export interface CorsSetting {
  appLabel: string;
  loc: SrcLoc;
  args: CallArgs;
  /** Some alternative of allow_origins contains "*". */
  wildcard: boolean;
  /** Some alternative of allow_credentials is True. */
  credentials: boolean;
  originsText: string;
  originsFrom: string;
  credentialsText: string;
  credentialsFrom: string;
  conditional: boolean;
}

function hasStar(v: Value): Value | undefined {
  for (const a of alternatives(v)) {
    if (a.k === 'str' && a.v.trim() === '*') return a;
    if (a.k === 'env' && a.dflt && hasStar(a.dflt)) return a;
    if (a.k === 'list' || a.k === 'tuple' || a.k === 'set') {
      for (const it of a.items) if (hasStar(it)) return a;
    }
  }
  return undefined;
}

const cache = new WeakMap<Project, CorsSetting[]>();

export function corsSettings(project: Project): CorsSetting[] {
  const cached = cache.get(project);
  if (cached) return cached;
  const out: CorsSetting[] = [];
  for (const app of project.apps) {
    for (const m of app.router?.middleware ?? []) {
      if (!isClass(project, m.cls, 'fastapi.CORSMiddleware')) continue;
      const origins = m.args.kw.get('allow_origins');
      const creds = m.args.kw.get('allow_credentials');
      const star = origins ? hasStar(origins) : undefined;
      const credTrue = creds ? alternatives(creds).find((a) => a.k === 'bool' && a.v) : undefined;
      out.push({
        appLabel: instLabel(project, app),
        loc: m.loc,
        args: m.args,
        wildcard: star !== undefined,
        credentials: credTrue !== undefined,
        originsText: origins ? `\`${describe(star ?? origins)}\`` : 'not set',
        originsFrom: star ? origin(star) : '',
        credentialsText: credTrue ? '`True`' : creds ? `\`${describe(creds)}\`` : '`False` (default)',
        credentialsFrom: credTrue ? origin(credTrue) : '',
        conditional: m.conditional,
      });
    }
  }
  cache.set(project, out);
  return out;
}
