/**
 * Library calls that say how a server starts: `uvicorn.run(...)` and friends (a server started on an
 * app, or on a `"module:attr"` string, maybe a factory), and command lines read by click, typer and
 * argparse, whose option defaults become values with the option as provenance (soft: a user may
 * pass another value, so a condition on one runs both branches).
 */
import { NONE, UNKNOWN, alternatives, asStr, truthy, withSrc, type CallArgs, type FuncRec, type InstRec, type Scope, type SrcLoc, type Value } from '../values.js';
import type { Evaluator } from './evaluator.js';

/** Library calls that start a server, and where their app (or `"module:attr"`) and `factory` flag are. */
const SERVER_STARTS: Record<string, { app: number; appKw: string }> = {
  'uvicorn.run': { app: 0, appKw: 'app' },
  'uvicorn.Config': { app: 0, appKw: 'app' },
  'uvicorn.config.Config': { app: 0, appKw: 'app' },
  'uvicorn.main.run': { app: 0, appKw: 'app' },
  'hypercorn.asyncio.serve': { app: 0, appKw: 'app' },
  'hypercorn.trio.serve': { app: 0, appKw: 'app' },
  'granian.Granian': { app: 0, appKw: 'target' },
  'granian.server.Granian': { app: 0, appKw: 'target' },
  'daphne.server.Server': { app: 0, appKw: 'application' },
};

/** `uvicorn.run(app)`: the app is served; `uvicorn.run("pkg.main:create_app", factory=True)`: that target runs later. */
export function serverStart(ip: Evaluator, path: string, args: CallArgs, scope: Scope | undefined): void {
  const spec = SERVER_STARTS[path];
  if (!spec) return;
  const app = args.pos[spec.app] ?? args.kw.get(spec.appKw);
  if (!app) return;
  const f = args.kw.get('factory');
  const factory = f !== undefined && truthy(f) === true;
  const how = { kind: 'target' as const, name: `${path}() at ${args.loc.file}:${args.loc.line}`, loc: args.loc };
  for (const a of alternatives(app)) {
    const s = asStr(a);
    if (s !== undefined && scope) {
      const m = /^([A-Za-z_][\w.]*):([A-Za-z_][\w.]*)(\(\))?$/.exec(s.trim());
      if (m) ip.namedTargets.push({ module: m[1]!, attr: m[2]!, factory: factory || m[3] !== undefined, loc: args.loc, from: scope.module });
    } else if (a.k === 'inst' && a.inst.router) a.inst.servedBy ??= how;
    else if (a.k === 'func' && factory && scope) ip.namedTargets.push({ fn: a.fn, factory: true, loc: args.loc, from: scope.module });
  }
}

/** The option's destination name, as click and argparse derive it (`--allowed-origins` → `allowed_origins`). */
function destOf(names: string[]): string | undefined {
  const bare = names.find((n) => !n.startsWith('-'));
  if (bare) return bare.replace(/-/g, '_');
  const long = names.find((n) => n.startsWith('--'));
  const pick = long ?? names[0];
  return pick ? pick.replace(/^-+/, '').replace(/-/g, '_') : undefined;
}

function optionNames(args: CallArgs): string[] {
  return args.pos.map((a) => asStr(a)).filter((s): s is string => s !== undefined);
}

/** An option's default, marked as one: the command line may say otherwise. */
function optionValue(names: string[], v: Value, loc: SrcLoc): Value {
  const label = names.find((n) => n.startsWith('--')) ?? names[0] ?? '?';
  return withSrc(v, { name: `option ${label}`, loc, soft: true }, true);
}

/** click's decorators: `command`/`group` mark a command; `option`/`argument` carry a default for a parameter. */
export function clickCall(path: string, args: CallArgs): Value | undefined {
  switch (path) {
    case 'click.command':
    case 'click.group':
      return { k: 'identitydeco', mark: 'command', loc: args.loc };
    case 'click.option':
    case 'click.argument': {
      const names = optionNames(args);
      const dest = destOf(names);
      if (!dest) return { k: 'identitydeco', note: path };
      const flag = args.kw.get('is_flag');
      const dflt = args.kw.get('default') ?? (flag && truthy(flag) ? { k: 'bool', v: false } : NONE);
      return { k: 'identitydeco', mark: 'option', option: { dest, value: optionValue(names, dflt, args.loc) }, loc: args.loc };
    }
    default:
      return undefined;
  }
}

/** Applies a `command`/`option` mark to the function it decorates (decorators apply bottom-up, on one FuncRec). */
export function markCommand(fn: FuncRec, d: Extract<Value, { k: 'identitydeco' }>): void {
  if (d.mark === 'command') fn.command = true;
  else if (d.mark === 'option' && d.option) {
    fn.options ??= new Map();
    if (!fn.options.has(d.option.dest)) fn.options.set(d.option.dest, d.option.value);
  }
}

/**
 * A command parameter's default, with the option as provenance: `typer.Option(default, "--flag")`'s
 * default, or the plain default (`enable_ui: Annotated[bool, typer.Option()] = True`).
 */
export function optionDefault(v: Value, param: string): Value {
  if (v.k !== 'inst' || v.inst.cls.k !== 'ext' || !/^(typer|click)\.(Option|Argument)$/.test(v.inst.cls.path)) {
    return withSrc(v, { name: `option --${param.replace(/_/g, '-')}`, soft: true }, true);
  }
  const a = v.inst.args;
  const dflt = a.kw.get('default') ?? (a.pos[0] && a.pos[0].k !== 'ext' ? a.pos[0] : NONE);
  const names = optionNames({ ...a, pos: a.pos.slice(1) });
  return optionValue(names.length ? names : [`--${param.replace(/_/g, '-')}`], dflt.k === 'ext' && dflt.path === 'builtins.Ellipsis' ? NONE : dflt, a.loc);
}

/** Methods of library objects that read a command line: typer apps, click groups, argparse parsers. */
export function commandMethod(ip: Evaluator, inst: InstRec, name: string, args: CallArgs): Value | undefined {
  const cls = inst.cls.k === 'ext' ? inst.cls.path : '';
  if (cls === 'typer.Typer' || cls === 'click.Group') {
    return name === 'command' || name === 'callback' || name === 'group' ? { k: 'identitydeco', mark: 'command', loc: args.loc } : undefined;
  }
  if (!/^argparse\.(ArgumentParser|Namespace)$/.test(cls)) return undefined;
  switch (name) {
    case 'add_argument': {
      const names = optionNames(args);
      const dest = asStr(args.kw.get('dest')) ?? destOf(names);
      if (!dest) return NONE;
      const action = asStr(args.kw.get('action'));
      const dflt = args.kw.get('default') ?? (action === 'store_true' ? { k: 'bool', v: false } : action === 'store_false' ? { k: 'bool', v: true } : NONE);
      inst.options ??= new Map();
      inst.options.set(dest, optionValue(names, dflt, args.loc));
      return NONE;
    }
    case 'set_defaults':
      inst.options ??= new Map();
      for (const [k, v] of args.kw) inst.options.set(k, withSrc(v, { name: `default of ${k}`, loc: args.loc, soft: true }, true));
      return NONE;
    // groups and sub-commands share the parser's options (every sub-command's defaults are visible)
    case 'add_argument_group':
    case 'add_mutually_exclusive_group':
    case 'add_subparsers':
    case 'add_parser':
      return { k: 'inst', inst };
    case 'parse_args':
    case 'parse_known_args':
    case 'parse_intermixed_args': {
      const ns: InstRec = { id: ip.newId(), cls: { k: 'ext', path: 'argparse.Namespace' }, args, attrs: new Map(inst.options ?? []), loc: args.loc, conditional: ip.conditional };
      const v: Value = { k: 'inst', inst: ns };
      return name === 'parse_known_args' ? { k: 'tuple', items: [v, UNKNOWN('extra arguments')] } : v;
    }
    default:
      return undefined;
  }
}
