import type { Expr, Stmt } from '../facts/ir.js';
import { locLine } from '../facts/loc.js';
import { unwrap } from '../model/auth.js';
import type { Project } from '../model/project.js';
import { alternatives, type FuncRec, type Value } from '../model/values.js';
import { bodyOf, comparisons, type Body } from '../analysis/code.js';
import { credentialComparison, credentialOf, describeValue, maybeNone, trivialOperand } from '../analysis/credentials.js';
import { routesText, where } from '../analysis/helpers.js';
import { conditionalAuth, testsAround } from '../analysis/middleware-auth.js';
import { blocksOf, chain, eachExpr, eachStmt, exprText, exprsOf, mentions } from '../analysis/ir.js';
import { dependencyFunctions, usesOf } from '../analysis/schemes.js';
import type { Rule } from './types.js';
import { isLocal } from '../analysis/units.js';
import { completes, paramUsage, testedChains } from '../analysis/usage.js';

type M = 'noneCompare' | 'fallsThrough' | 'returnsDecision' | 'exceptReturns' | 'conditional' | 'conditionalUnknown';

/** Calls whose name says they verify a credential (`secrets.compare_digest`, `verify_token`, `pwd_context.verify`). */
const VERIFY_CALL = /(^|\.|_)(compare_digest|verify\w*|check_\w+|validate_\w+|authenticate\w*|is_valid\w*)$/i;
/** Calls that decode/verify a token and raise when it is bad (for `try: ... except: return`). */
const DECODE_CALL = /(^|\.)(decode|decode_\w+|verify\w*|loads|validate\w*|parse_token|get_unverified_\w+)$/i;
/** Method names that do not raise on the failure path (logging, dict/str helpers). */
const QUIET_METHODS = new Set([
  'debug',
  'info',
  'warning',
  'warn',
  'error',
  'exception',
  'critical',
  'log',
  'get',
  'strip',
  'lower',
  'upper',
  'startswith',
  'endswith',
  'split',
  'format',
  'items',
  'keys',
  'values',
  'append',
  'add',
  'copy',
]);
const QUIET_EXT = /^(builtins\.(print|str|repr|dict|list|tuple|set|bool|len|isinstance|getattr|hasattr)|logging\.\w+|typing\.cast)$/;

/** Is this test a decision about a credential (a comparison with a secret, a verify call with a credential)? */
function decision(body: Body, test: Expr): { expr: Expr; negated: boolean } | undefined {
  let found: { expr: Expr; negated: boolean } | undefined;
  const visit = (e: Expr, negated: boolean): void => {
    if (found) return;
    if (e.t === 'unary' && e.op === 'not') return visit(e.v, !negated);
    if (e.t === 'boolop') {
      for (const v of e.values) visit(v, negated);
      return;
    }
    if (e.t === 'await') return visit(e.v, negated);
    if (e.t === 'cmp') {
      e.ops.forEach((op, i) => {
        if (found) return;
        const l = e.operands[i]!;
        const r = e.operands[i + 1]!;
        if ((op === '==' || op === '!=') && credentialComparison(body, l, r)) found = { expr: e, negated: negated !== (op === '!=') };
        if ((op === 'in' || op === 'not in') && credentialOf(body, l) && !trivialOperand(r)) found = { expr: e, negated: negated !== (op === 'not in') };
      });
      return;
    }
    if (e.t === 'call') {
      const c = chain(e.fn);
      if (c && VERIFY_CALL.test(c) && e.args.some((a) => credentialOf(body, a.v))) found = { expr: e, negated };
    }
  };
  visit(test, false);
  return found;
}

class Raises {
  private readonly memo = new Map<FuncRec, boolean>();
  constructor(private readonly project: Project) {}

  /** Can evaluating these statements raise (a `raise`, or a call that may)? Unknown calls may. */
  stmts(body: Body, stmts: Stmt[], depth: number): boolean {
    let r = false;
    eachStmt(stmts, (s) => {
      if (r) return;
      if (s.t === 'raise') r = true;
      else for (const x of exprsOf(s)) if (this.expr(body, x, depth)) r = true;
    });
    return r;
  }

  /** With `predicate`, library calls count as tests that answer rather than raise (`secrets.compare_digest`, `hmac.compare_digest`). */
  expr(body: Body, e: Expr, depth: number, predicate = false): boolean {
    let r = false;
    eachExpr(e, (x) => {
      if (r || x.t !== 'call') return;
      if (this.call(body, x, depth, predicate)) r = true;
    });
    return r;
  }

  private call(body: Body, e: Extract<Expr, { t: 'call' }>, depth: number, predicate = false): boolean {
    const callee = body.resolve(e.fn);
    if (callee.k === 'ext') {
      if (predicate || QUIET_EXT.test(callee.path)) return false;
      // constructing a library object (HTTPException without raise, JSONResponse) raises nothing
      if (/\.[A-Z]\w*$/.test(callee.path)) return false;
      return true;
    }
    const fn = callee.k === 'func' ? callee.fn : callee.k === 'method' ? callee.fn : undefined;
    if (fn) return this.fn(unwrap(fn), depth + 1);
    if (callee.k === 'class') return false;
    if (e.fn.t === 'attr' && QUIET_METHODS.has(e.fn.attr)) return false;
    return true;
  }

  fn(fn: FuncRec, depth: number): boolean {
    if (depth > 3) return true;
    const m = this.memo.get(fn);
    if (m !== undefined) return m;
    this.memo.set(fn, true);
    const r = this.stmts(bodyOf(this.project, fn), fn.def.body, depth);
    this.memo.set(fn, r);
    return r;
  }
}

/**
 * What a failing request gets from the dependency: `none` (None, False, "", nothing — a value a
 * handler would have to test), `signal` (a response object or an exception that is built but not
 * raised: the author meant to reject), `other` (some other value, e.g. a fallback role).
 */
type FailValue = 'none' | 'signal' | 'other';

interface Guard {
  kind: 'fallsThrough' | 'returnsDecision' | 'exceptReturns';
  line: number;
  test: string;
  path: string;
  fail: FailValue;
}

function falsyLiteral(e: Expr): boolean {
  if (e.t === 'const') return e.v !== true;
  if (e.t === 'num') return e.v === 0;
  if (e.t === 'str') return e.v === '';
  if (e.t === 'list' || e.t === 'tuple' || e.t === 'set') return e.items.length === 0;
  if (e.t === 'dict') return e.items.length === 0;
  return false;
}

/** What a failing request meets in a region: a return, a non-raised exception, or the end of the function. */
function describeRegion(body: Body, blocks: Stmt[][]): { path: string; fail: FailValue } {
  for (const b of blocks) {
    let out: { path: string; fail: FailValue } | undefined;
    eachStmt(b, (s) => {
      if (out) return;
      if (s.t === 'expr' && s.v.t === 'call') {
        const callee = body.resolve(s.v.fn);
        const name = callee.k === 'ext' ? callee.path : callee.k === 'class' ? callee.cls.name : '';
        if (/Exception$|Error$/.test(name)) out = { path: `creates \`${exprText(s.v)}\` at line ${locLine(s.loc)} without \`raise\``, fail: 'signal' };
      } else if (s.t === 'return') {
        const v = s.v ? exprText(s.v) : 'None';
        if (/Response\(/.test(v)) out = { path: `returns \`${v}\` at line ${locLine(s.loc)}, which FastAPI does not send for a dependency`, fail: 'signal' };
        else out = { path: `returns \`${v}\` at line ${locLine(s.loc)}`, fail: !s.v || falsyLiteral(s.v) ? 'none' : 'other' };
      }
    });
    if (out) return out;
    if (!completes(b)) break;
  }
  return { path: 'falls off the end and returns `None`', fail: 'none' };
}

function guardsOf(project: Project, fn: FuncRec, raises: Raises): Guard[] {
  const body = bodyOf(project, fn);
  const out: Guard[] = [];
  /** No raise (or call that may raise) on any path through these blocks, in order, until one of them cannot complete. */
  const open = (blocks: Stmt[][]): boolean => {
    for (const b of blocks) {
      if (raises.stmts(body, b, 0)) return false;
      if (!completes(b)) return true;
    }
    return true;
  };
  const visit = (stmts: Stmt[], cont: Stmt[][]): void => {
    stmts.forEach((s, i) => {
      const rest = [stmts.slice(i + 1), ...cont];
      if (s.t === 'if') {
        const d = decision(body, s.test);
        if (d && !raises.expr(body, s.test, 0, true)) {
          const thenPath = [s.body, ...rest];
          const elsePath = [s.orelse, ...rest];
          if (open(thenPath) && open(elsePath)) {
            // the failure branch: `if key == K:` fails into the else path, `if key != K:` into the body
            const failing = d.negated ? thenPath : elsePath;
            out.push({ kind: 'fallsThrough', line: locLine(s.loc), test: exprText(d.expr), ...describeRegion(body, failing) });
          }
        }
      } else if (s.t === 'return' && s.v) {
        const d = decision(body, s.v);
        if (d && !raises.expr(body, s.v, 0, true)) out.push({ kind: 'returnsDecision', line: locLine(s.loc), test: exprText(s.v), path: '', fail: 'none' });
      } else if (s.t === 'try') {
        let call: Expr | undefined;
        eachStmt(s.body, (x) => {
          for (const e of exprsOf(x))
            eachExpr(e, (c) => {
              if (!call && c.t === 'call' && DECODE_CALL.test(chain(c.fn) ?? '') && c.args.some((a) => credentialOf(body, a.v))) call = c;
            });
        });
        if (call) {
          for (const h of s.handlers) {
            const path = [h.body, s.final, ...rest];
            if (open(path)) out.push({ kind: 'exceptReturns', line: locLine(h.loc), test: exprText(call), ...describeRegion(body, path) });
          }
        }
      }
      for (const b of blocksOf(s)) {
        if (s.t === 'try' && b === s.body) visit(b, [s.orelse, s.final, ...rest]);
        else visit(b, rest);
      }
    });
  };
  visit(fn.def.body, []);
  return out;
}

/** The value a module-level name is guarded by a top-level `if`/`assert` (`if not API_KEY: raise RuntimeError`). */
function guardedAtModuleLevel(project: Project, file: string, name: string): boolean {
  const facts = project.facts.get(file);
  if (!facts) return false;
  return facts.body.some((s) => (s.t === 'if' || s.t === 'assert') && mentions([{ t: 'expr', v: s.test, loc: s.loc }], new Set([name])));
}

const rule: Rule<M> = {
  meta: {
    id: 'FA107',
    name: 'auth-fails-open',
    defaultSeverity: 'high',
    cwe: [636, 287],
    precision: 'high',
    docs: {
      summary: 'Auth check that lets requests through when it fails, or when the secret is unset',
      notReported: [
        'Comparisons where either side is tested for `None` or truthiness in the function, or the secret by a module-level',
        '`if`/`assert`; `os.environ["API_KEY"]` (a KeyError when unset, never `None`); dependencies whose every consumer',
        "tests the value they return; dependencies meant to be optional (the route is `optional`, FA103's business); a comparison",
        'in a dependency attached only while the secret is set (`if API_KEY: deps.append(Depends(check))`): the switch is the finding.',
      ].join('\n'),
      what:
        'Reports two ways an authentication check fails open.\n\n' +
        '**A comparison with a value that may be `None`** (reported at the comparison): a credential that is `None` when ' +
        'the client sends nothing (a scheme with `auto_error=False`, `Header(None)`, a parameter defaulting to `None`, ' +
        '`request.headers.get(...)`) compared with `==`/`!=`/`in` to a secret that is `None` when it is not configured: ' +
        '`os.getenv("API_KEY")` or `os.environ.get(...)` without a default, a settings field or constant defaulting to ' +
        '`None`. Not reported when either side is tested for `None`/truthiness in the function, or the secret is tested ' +
        'by a module-level `if`/`assert`; `os.environ["API_KEY"]` (KeyError when unset) is never `None`.\n\n' +
        '**A dependency with a path that returns without raising** (reported at its `def`): a function used as a ' +
        'dependency of some route that decides on a credential — an `if` comparing it with a secret or calling a ' +
        'verify/`compare_digest` function, a `return` of such a test, or a `try` around a decode/verify call — where ' +
        'neither outcome of the decision can raise (no `raise`, no call that may raise, on either path to the end of the ' +
        'function). Typical cases: `if key == API_KEY: return key` with nothing after it, `return key == API_KEY`, ' +
        '`HTTPException(...)` without `raise`, `return JSONResponse(status_code=401)`, `except JWTError: return None`. ' +
        'Not reported when every consumer of the dependency tests its value (a handler that does `if not ok: raise ...`), ' +
        'nor for dependencies named like optional authentication (`get_optional_user`, `maybe_user`).\n\n' +
        'A check that cannot reject does not authenticate (a credential must reach the condition of a rejection), so the ' +
        'routes behind such a dependency are unauthenticated in the inventory and FA101 lists them as well.\n\n' +
        '**Authentication that a setting turns off by default** (reported at the test of the setting): an authenticating ' +
        'middleware (one that reads a credential and rejects without a valid one) added only when a setting is on ' +
        '(`if settings.api_keys: app.add_middleware(...)`), or one that passes every request on while a setting is off ' +
        '(`if not settings.auth_enabled: return await call_next(request)`), or an authenticating dependency attached only ' +
        'under such a condition (`dependencies=[Depends(verify_key)] if settings.api_key else []`, or handed out by a ' +
        'factory only then: `Depends(choose_auth())` returning `verify_key` under `if API_KEY:`), or an authenticating ' +
        'dependency whose own check the setting skips (`if not config.multiuser: return SYSTEM_USER` before the check, ' +
        '`if settings.password is None or user is not None: return`, or the rejection only under `if self.api_key:`; a ' +
        'dependency whose every credential comes from such a dependency, like `require_admin(user=Depends(user_or_default))`, ' +
        "is skipped with it), or a handler's own check under such a test (also in a helper it calls: a WebSocket handshake " +
        'helper that closes with 1008 only `if auth_setting:`, or one that returns success early `if config.type == "none"`), ' +
        'where the setting is off when nothing is ' +
        'configured: an unset environment variable, a settings field defaulting to `None`, `False`, `""` or `[]`. Its routes ' +
        "are `conditional` in the inventory and FA101 does not report them. When the scan cannot read the setting's default " +
        'the finding is medium.',
      why:
        'FastAPI treats any return from a dependency as success: the value returned (`None`, `False`, a response object) ' +
        'is handed to the handler, never sent to the client. A check that does not raise therefore lets every request ' +
        'through. And when the expected key comes from an environment variable that is missing in one deployment, ' +
        '`None == None` holds for every request that omits the credential.',
      example: [
        'API_KEY = os.getenv("API_KEY")',
        '',
        '',
        'def verify_key(x_api_key: str | None = Header(default=None)):',
        '    if x_api_key == API_KEY:',
        '        return x_api_key',
      ].join('\n'),
      fix: [
        'Read the secret so that a missing value stops the service, and raise on every failing path:',
        '',
        '```python',
        'API_KEY = os.environ["API_KEY"]',
        '',
        '',
        'def verify_key(x_api_key: str | None = Header(default=None)) -> str:',
        '    if x_api_key is None or not secrets.compare_digest(x_api_key, API_KEY):',
        '        raise HTTPException(status_code=401, detail="Invalid API key")',
        '    return x_api_key',
        '```',
      ].join('\n'),
      references: [
        'https://cwe.mitre.org/data/definitions/636.html',
        'https://cwe.mitre.org/data/definitions/287.html',
        'https://fastapi.tiangolo.com/tutorial/dependencies/',
        'https://docs.python.org/3/library/os.html#os.getenv',
        'https://fastapi.tiangolo.com/tutorial/handling-errors/',
      ],
    },
  },
  messages: {
    noneCompare:
      '`{cmp}` compares {cred}, which is `None` when the client sends none, with {secret}, which is `None` when {unset}: then both sides are `None` and the check passes without a credential. Require the secret at startup (`os.environ["…"]`, a settings field without a default) and reject a missing credential first.',
    fallsThrough:
      '`{fn}` checks the credential (`{test}`, line {line}) but does not raise when the check fails: it {path}. FastAPI treats any return from a dependency as success, so {route} lets the request through. Raise `HTTPException(status_code=401)` on the failing path.',
    returnsDecision:
      '`{fn}` returns the result of its check (`{test}`, line {line}) instead of raising: FastAPI ignores what a dependency returns unless the handler tests it, so {route} lets every request through. Raise `HTTPException(status_code=401)` when the check fails.',
    conditional:
      'Authentication is off {when}: {mw} ({mwAt}) {checks}, and {note}, so {route} accepts requests without credentials by default. Make the service fail closed: require the setting at startup, or keep the check on and list the exceptions explicitly.',
    conditionalUnknown:
      'Authentication is off {when}: {mw} ({mwAt}) {checks}, and the scan cannot tell what that is by default, so {route} may accept requests without credentials. Check that every deployment turns it on, or make the check unconditional.',
    exceptReturns:
      '`{fn}` catches the failure of `{test}` (line {line}) and {path} instead of raising: FastAPI treats that as success, so {route} lets requests with a bad credential through. Raise `HTTPException(status_code=401)` in the `except` block.',
  },
  check(ctx) {
    const project = ctx.project;

    // ---- comparisons with a secret that may be None
    for (const { fn, body, cmps } of comparisons(project)) {
      let tested: Set<string> | undefined;
      for (const e of cmps) {
        e.ops.forEach((op, i) => {
          if (op !== '==' && op !== '!=' && op !== 'in' && op !== 'not in') return;
          const l = e.operands[i]!;
          const r = e.operands[i + 1]!;
          const pairs: Array<[Expr, Expr]> =
            op === 'in' || op === 'not in'
              ? [[l, r]]
              : [
                  [l, r],
                  [r, l],
                ];
          for (const [credSide, secretSide] of pairs) {
            const cred = credentialOf(body, credSide);
            if (!cred?.maybeNone) continue;
            let secretExpr: Expr | undefined;
            let secretVal: Value | undefined;
            const candidates =
              op === 'in' || op === 'not in' ? (secretSide.t === 'list' || secretSide.t === 'tuple' || secretSide.t === 'set' ? secretSide.items : []) : [secretSide];
            for (const c of candidates) {
              if (c.t === 'const' || c.t === 'str' || c.t === 'num') continue;
              const v = body.resolve(c);
              const alts = alternatives(v);
              const sourced = alts.some((a) => a.k === 'env' || ('src' in a && a.src !== undefined));
              if (sourced && maybeNone(project, v)) {
                secretExpr = c;
                secretVal = v;
                break;
              }
            }
            if (!secretExpr || !secretVal) continue;
            tested ??= testedChains(fn.def.body);
            const cc = chain(credSide);
            const sc = chain(secretExpr);
            if ((cc && tested.has(cc)) || (sc && tested.has(sc))) continue;
            // `if not API_KEY: raise RuntimeError(...)` at module level
            const head = sc?.split('.')[0];
            if (sc && !sc.includes('.') && !isLocal(body.unit, sc) && guardedAtModuleLevel(project, fn.module.file, sc)) continue;
            // `if API_KEY: deps.append(Depends(check))`: every place that attaches the check does so only while the secret is set
            if (sc && attachedOnlyWhenSet(project, fn, sc)) continue;
            const alt = alternatives(secretVal).find((a) => maybeNone(project, a))!;
            const src = 'src' in alt ? alt.src : undefined;
            if (src?.loc && head && guardedAtModuleLevel(project, src.loc.file, src.name.split('.').pop()!)) continue;
            const unset = alt.k === 'env' ? `the \`${alt.name}\` environment variable is not set` : src ? `\`${src.name}\` keeps its default \`None\`` : 'it is not configured';
            ctx.report({
              messageId: 'noneCompare',
              data: {
                cmp: exprText(e),
                cred: `\`${cred.text}\` (${cred.why})`,
                secret: describeValue(exprText(secretExpr), alt, project),
                unset,
              },
              at: body.at(e.loc),
              key: `none-compare ${fn.module.name}.${fn.qualname}: ${exprText(e)}`,
            });
            return;
          }
        });
      }
    }

    // ---- authentication a setting turns off by default (src/analysis/middleware-auth.ts)
    for (const c of conditionalAuth(project)) {
      const data = {
        when: c.sw.onWhen ? `unless \`${c.sw.test}\` holds` : `while \`${c.sw.test}\` holds`,
        mw: `${c.what === 'middleware' ? 'the middleware' : c.what === 'handler' ? 'the check in' : 'the dependency'} \`${c.name}\``,
        mwAt: where(c.loc),
        checks:
          c.what === 'middleware'
            ? `checks ${c.credential ?? 'the credential'} only then`
            : c.what === 'check' || c.what === 'handler'
              ? 'skips its check of the credential then'
              : 'is attached only then',
        note: c.sw.note || `\`${c.sw.test}\` does not hold when nothing is configured`,
        route: routesText(c.routes),
      };
      ctx.report({
        messageId: c.sw.unknownDefault ? 'conditionalUnknown' : 'conditional',
        data,
        at: c.sw.at,
        key: `conditional-auth ${c.name}: ${c.sw.test}`,
        severity: c.sw.unknownDefault ? 'medium' : undefined,
        related: [
          {
            at: c.loc,
            message: c.what === 'middleware' ? 'the authenticating middleware' : c.what === 'handler' ? 'the way out before the check' : 'the authenticating dependency',
          },
        ],
      });
    }

    // ---- dependencies that can return without raising after a failed check
    const raises = new Raises(project);
    for (const fn of dependencyFunctions(project)) {
      if (/optional|maybe/i.test(fn.name) || /optional|maybe/i.test(fn.ownerClass?.name ?? '')) continue;
      // a generator dependency that does not yield fails the request (RuntimeError): closed
      if (fn.def.gen) continue;
      const guards = guardsOf(project, fn, raises);
      if (!guards.length) continue;
      const uses = usesOf(project, fn);
      /**
       * Routes where the failure goes unnoticed: the value is discarded (`dependencies=[...]`) or
       * never read; when the failure value is None/False (or a response/exception meant as a
       * rejection), also when a consumer reads it without testing it. A consumer that tests it, or
       * dereferences it first (a None then fails with 500), enforces it. A failure that returns
       * some other value (a fallback role) is reported only where it is discarded or ignored.
       */
      const openFor = (g: Guard) =>
        uses.filter((u) => {
          if (!u.receiver || u.param === null) return true;
          const k = paramUsage(project, u.receiver, u.param).kind;
          if (k === 'ignored') return true;
          if (g.fail === 'other') return false;
          const handler = !u.parents.length && u.receiver === u.route.handler;
          return k === 'used' || (k === 'returned' && handler);
        });
      const g = guards.find((x) => openFor(x).length);
      if (!g) continue;
      const open = openFor(g);
      if (!open.length) continue;
      const route = routesText([...new Set(open.map((u) => u.route))]);
      const related = open
        .filter((u) => u.param === null)
        .slice(0, 1)
        .map((u) => ({ at: u.node.loc, message: 'used here in dependencies=[...], where its return value is discarded' }));
      ctx.report({
        messageId: g.kind,
        data: { fn: fn.qualname, test: g.test, line: String(g.line), path: g.path, route },
        at: fn.loc,
        key: `fails-open ${fn.module.name}.${fn.qualname}`,
        suppressLines: fn.firstLine !== fn.loc.line ? [fn.firstLine] : [],
        related: [{ at: { file: fn.module.file, line: g.line, column: 1 }, message: 'the check that does not raise' }, ...related],
      });
    }
  },
};

/**
 * Is every route use of the dependency `fn` attached by a `Depends(...)` inside the true branch of a
 * test of the secret itself (`if API_KEY:`, `... if API_KEY else []`, `if API_KEY is not None:`)?
 * Then the comparison never runs while the secret is unset.
 */
function attachedOnlyWhenSet(project: Project, fn: FuncRec, secret: string): boolean {
  const uses = usesOf(project, fn);
  if (!uses.length) return false;
  const setTest = (e: Expr): boolean => {
    if (chain(e) === secret) return true;
    if (e.t === 'cmp' && e.ops.length === 1 && (e.ops[0] === 'is not' || e.ops[0] === '!=') && chain(e.operands[0]!) === secret) {
      const r = e.operands[1]!;
      return r.t === 'const' && r.v === null;
    }
    if (e.t === 'call' && e.fn.t === 'name' && e.fn.id === 'bool' && e.args.length === 1) return chain(e.args[0]!.v) === secret;
    return e.t === 'boolop' && e.op === 'and' && e.values.some(setTest);
  };
  return uses.every((u) => testsAround(project, u.node.spec.loc).some((g) => g.want && setTest(g.test)));
}

export default rule;
