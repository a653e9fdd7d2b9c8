/**
 * Where a value that reaches a sink comes from, across functions: what the resolver
 * (src/analysis/resolve.ts, possible precision, parameter defaults included) finds in the function
 * itself — module constants, settings defaults, `getenv`/`environ.get` defaults, `m.get(k, default)`,
 * dict dispatch — and then, for a parameter of a helper, the arguments its callers pass
 * (`sign(payload, config.get("jwt_secret", "dev"))` reaching `jwt.encode(payload, key)` in `sign`),
 * and for a field of a parameter annotated with one of our classes (`user_create.password`), the
 * keyword arguments of the calls that make such an instance (`UserCreate(password=...)`). A few
 * levels deep; FA406 reads it.
 */
import type { Expr } from '../facts/ir.js';
import type { Project } from '../model/project.js';
import { srcLoc, type ClassRec, type Value } from '../model/values.js';
import { argFor, callSitesOf, constructionsOf } from './calls.js';
import { codeIndex } from './code.js';
import { argExpr } from './ir.js';
import { paramOf, type CodeUnit } from './units.js';
import { attachProvenance } from './values.js';

const MAX_HOPS = 3;
const MAX_SITES = 40;
const CONVERSIONS = new Set(['encode', 'get_secret_value', 'strip', 'decode']);

type Passage = { param: string } | { field: string; cls: ClassRec } | { kw: string; unit: CodeUnit; call: Extract<Expr, { t: 'call' }> };

/** The parameters (and parameter fields) a value passes through unchanged on its way to `e`. */
function passages(project: Project, unit: CodeUnit, e: Expr, depth: number, out: Passage[]): void {
  if (depth > 4) return;
  switch (e.t) {
    case 'await':
      passages(project, unit, e.v, depth + 1, out);
      return;
    case 'call': {
      if (e.fn.t === 'attr' && CONVERSIONS.has(e.fn.attr)) passages(project, unit, e.fn.obj, depth + 1, out);
      else if (e.fn.t === 'name' && (e.fn.id === 'str' || e.fn.id === 'bytes') && e.args[0]) passages(project, unit, e.args[0].v, depth + 1, out);
      return;
    }
    case 'name': {
      if (paramOf(unit, e.id)) {
        out.push({ param: e.id });
        return;
      }
      for (const b of unit.locals.get(e.id) ?? []) if (b.v) passages(project, unit, b.v, depth + 1, out);
      return;
    }
    case 'attr': {
      if (e.obj.t !== 'name') return;
      if (paramOf(unit, e.obj.id)) {
        const cls = annotatedClass(project, unit, e.obj.id);
        if (cls) out.push({ field: e.attr, cls });
        return;
      }
      // `user_in = UserCreate(password=...)` then `user_in.password`
      const bs = unit.locals.get(e.obj.id);
      const v = bs?.length === 1 ? bs[0]!.v : undefined;
      if (v?.t === 'call' && argExpr(v, e.attr) && codeIndex(project).resolver.value(unit, v.fn).k === 'class') out.push({ kw: e.attr, unit, call: v });
      return;
    }
    default:
      return;
  }
}

/** The class of ours a parameter is annotated with (`user_create: UserCreate`, `Optional[UserCreate]`). */
function annotatedClass(project: Project, unit: CodeUnit, name: string): ClassRec | undefined {
  const fn = unit.fn;
  const rec = fn?.params?.find((p) => p.name === name);
  if (!fn || !rec) return undefined;
  let ann = project.interp.annotationOf(fn, rec);
  if (ann?.k === 'annotated') ann = ann.base;
  const alts = ann?.k === 'choice' ? ann.options : ann ? [ann] : [];
  return alts.find((a): a is Extract<Value, { k: 'class' }> => a.k === 'class')?.cls;
}

/**
 * Every value `e` may hold in `unit`, then the values its callers pass for the parameters it comes
 * from, and the values the constructors of a parameter's class are given for the field it reads.
 */
export function valuesReaching(project: Project, unit: CodeUnit, e: Expr, hops = 0, seen: Set<string> = new Set()): Value[] {
  const resolver = codeIndex(project).resolver;
  const out: Value[] = [resolver.value(unit, e, { paramDefaults: true })];
  if (hops >= MAX_HOPS) return out;
  const ps: Passage[] = [];
  passages(project, unit, e, 0, ps);
  for (const p of ps) {
    if ('param' in p) {
      if (!unit.def) continue;
      const key = `${unit.id}:${p.param}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const site of callSitesOf(project, unit.def).slice(0, MAX_SITES)) {
        const arg = argFor(site, p.param);
        if (!arg) continue;
        const found = valuesReaching(project, site.unit, arg, hops + 1, seen);
        // a literal written in the call: the argument is where it comes from
        if (arg.t === 'str') out.push(...found.map((v) => attachProvenance(v, { name: `${site.target.name}(${p.param}=...)`, loc: srcLoc(site.unit.file, arg.loc) })));
        else out.push(...found);
      }
    } else if ('field' in p) {
      const key = `${p.cls.id}.${p.field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const site of constructionsOf(project, p.cls).slice(0, MAX_SITES)) {
        const arg = argExpr(site.call, p.field);
        if (!arg) continue;
        const found = valuesReaching(project, site.unit, arg, hops + 1, seen);
        if (arg.t === 'str') out.push(...found.map((v) => attachProvenance(v, { name: `${p.cls.name}(${p.field}=...)`, loc: srcLoc(site.unit.file, arg.loc) })));
        else out.push(...found);
      }
    } else {
      const arg = argExpr(p.call, p.kw);
      if (arg) out.push(...valuesReaching(project, p.unit, arg, hops + 1, seen));
    }
  }
  return out;
}
