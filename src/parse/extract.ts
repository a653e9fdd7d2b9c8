/**
 * tree-sitter tree (as a LightTree copy) → FileFacts IR (src/facts/ir.ts), in one recursive pass.
 * Children are decoded by position and type (the copy has no field names): `after(n, 'as')` is the
 * alias, the block of a compound statement is its `block` child, and so on.
 *
 * Nesting is bounded: past MAX_DEPTH an expression or block becomes `unk` ("too deep"), so a file
 * with 10 000 nested brackets cannot overflow the stack. Unknown or erroneous syntax becomes `unk`
 * and the walk goes on: a file with syntax errors still yields facts for what parsed.
 */
import type { Arg, Comment, DefStmt, Expr, FileFacts, Handler, Loc, Param, Stmt } from '../facts/ir.js';
import type { LNode, LightTree } from './light.js';

type Node = LNode;

const MAX_DEPTH = 200;

interface FnCtx {
  gen: boolean;
}

/** `errorLines`: lines of ERROR/MISSING nodes, found by the caller on the real tree when it has errors. */
export function extractFacts(tree: LightTree, path: string, source: string, bytes: number, errorLines: number[] = []): FileFacts {
  const x = new Extractor();
  const root = tree.root();
  const body = x.block(root, 0);
  const comments: Comment[] = source.includes('fastapi-audit') ? collectComments(root) : [];
  return { path, body, comments, errors: errorLines, lineCount: tree.position(source.length).row + 1, bytes };
}

function loc(n: Node): Loc {
  const s = n.startPosition;
  const e = n.endPosition;
  return [s.row + 1, s.column + 1, e.row + 1, e.column + 1];
}

function collectComments(root: Node): Comment[] {
  const out: Comment[] = [];
  for (const c of root.descendants('comment')) {
    const text = c.text;
    if (text.includes('fastapi-audit')) out.push({ line: c.startPosition.row + 1, column: c.startPosition.column + 1, text });
  }
  return out;
}

function named(n: Node): Node[] {
  return n.named;
}

/** The named child after the anonymous token `tok` (e.g. the alias after `as`). */
function after(n: Node, tok: string): Node | undefined {
  let seen = false;
  for (const c of n.children) {
    if (seen && c.isNamed) return c;
    if (!c.isNamed && c.type === tok) seen = true;
  }
  return undefined;
}

/** The named children before the first anonymous token `tok`. */
function before(n: Node, tok: string): Node[] {
  const out: Node[] = [];
  for (const c of n.children) {
    if (!c.isNamed && c.type === tok) break;
    if (c.isNamed) out.push(c);
  }
  return out;
}

/** Decodes a Python string literal body (the part between quotes). */
function unescape(raw: string, isRaw: boolean): string {
  if (isRaw || !raw.includes('\\')) return raw;
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\n|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n': return e === 'n' ? '\n' : e;
      case 't': return '\t';
      case 'r': return '\r';
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        return String.fromCharCode(parseInt(e, 8));
      case 'x': case 'u': case 'U': {
        const cp = parseInt(e.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      }
      case '\n': return '';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'N': return '?';
      default: return '\\' + e;
    }
  });
}

class Extractor {
  private fn: FnCtx | null = null;

  // ---------------------------------------------------------------- statements

  block(n: Node, depth: number): Stmt[] {
    const out: Stmt[] = [];
    if (depth > MAX_DEPTH) return out;
    for (const c of n.named) this.stmt(c, depth, out);
    return out;
  }

  private body(n: Node | undefined, depth: number): Stmt[] {
    return n ? this.block(n, depth + 1) : [];
  }

  private stmt(n: Node, depth: number, out: Stmt[]): void {
    const L = loc(n);
    switch (n.type) {
      case 'expression_statement': {
        const kids = named(n);
        if (kids.length === 1) {
          const k = kids[0]!;
          if (k.type === 'assignment') return void out.push(this.assignment(k, depth));
          if (k.type === 'augmented_assignment') {
            const ks = k.children;
            return void out.push({ t: 'aug', target: this.expr(ks[0], depth), op: ks[1]?.type ?? '+=', v: this.expr(ks[2], depth), loc: L });
          }
          return void out.push({ t: 'expr', v: this.expr(k, depth), loc: L });
        }
        return void out.push({ t: 'expr', v: { t: 'tuple', items: kids.map((k) => this.expr(k, depth)), loc: L }, loc: L });
      }
      case 'import_statement': {
        const names: Array<{ mod: string; as?: string }> = [];
        for (const c of named(n)) {
          if (c.type === 'dotted_name') names.push({ mod: c.text });
          else if (c.type === 'aliased_import') names.push(aliased(c, 'mod'));
        }
        return void out.push({ t: 'import', names, loc: L });
      }
      case 'import_from_statement': {
        const kids = named(n);
        const modNode = kids[0];
        let mod = '';
        let level = 0;
        if (modNode) {
          if (modNode.type === 'relative_import') {
            for (const c of modNode.children) {
              if (c.type === 'import_prefix') level = c.text.length;
              else if (c.type === 'dotted_name') mod = c.text;
            }
          } else mod = modNode.text;
        }
        let names: Array<{ name: string; as?: string }> | '*' = [];
        for (const c of kids.slice(1)) {
          if (c.type === 'wildcard_import') names = '*';
          else if (names !== '*') {
            if (c.type === 'dotted_name') names.push({ name: c.text });
            else if (c.type === 'aliased_import') {
              const a = aliased(c, 'name');
              names.push({ name: a.mod, ...(a.as ? { as: a.as } : {}) });
            }
          }
        }
        return void out.push({ t: 'from', mod, level, names, loc: L });
      }
      case 'future_import_statement':
        return void out.push({ t: 'from', mod: '__future__', level: 0, names: named(n).map((c) => ({ name: c.type === 'aliased_import' ? aliased(c, 'name').mod : c.text })), loc: L });
      case 'function_definition':
        return void out.push(this.def(n, [], depth, L));
      case 'class_definition':
        return void out.push(this.cls(n, [], depth, L));
      case 'decorated_definition': {
        const decos: Expr[] = [];
        let def: Node | undefined;
        for (const c of named(n)) {
          if (c.type === 'decorator') decos.push(this.expr(named(c)[0], depth));
          else if (c.type === 'function_definition' || c.type === 'class_definition') def = c;
        }
        if (!def) return;
        if (def.type === 'function_definition') return void out.push(this.def(def, decos, depth, L));
        return void out.push(this.cls(def, decos, depth, L));
      }
      case 'if_statement': {
        // if cond: block (elif_clause)* (else_clause)? — elif chains become nested ifs in orelse
        const kids = named(n);
        const clauses: Array<{ test: Expr; body: Stmt[]; loc: Loc }> = [{ test: this.expr(kids[0], depth), body: this.body(n.child('block'), depth), loc: L }];
        let orelse: Stmt[] = [];
        for (const c of kids) {
          if (c.type === 'elif_clause') clauses.push({ test: this.expr(named(c)[0], depth), body: this.body(c.child('block'), depth), loc: loc(c) });
          else if (c.type === 'else_clause') orelse = this.body(c.child('block'), depth);
        }
        for (let i = clauses.length - 1; i >= 0; i--) {
          const c = clauses[i]!;
          orelse = [{ t: 'if', test: c.test, body: c.body, orelse, loc: c.loc }];
        }
        out.push(orelse[0]!);
        return;
      }
      case 'for_statement': {
        // [async] for LEFT in RIGHT : block [else_clause]
        const left = after(n, 'for');
        const right = after(n, 'in');
        return void out.push({
          t: 'for',
          target: this.expr(left, depth),
          iter: this.expr(right, depth),
          body: this.body(n.child('block'), depth),
          orelse: this.body(n.child('else_clause')?.child('block'), depth),
          loc: L,
        });
      }
      case 'while_statement':
        return void out.push({
          t: 'while',
          test: this.expr(named(n)[0], depth),
          body: this.body(n.child('block'), depth),
          orelse: this.body(n.child('else_clause')?.child('block'), depth),
          loc: L,
        });
      case 'try_statement': {
        const handlers: Handler[] = [];
        let orelse: Stmt[] = [];
        let final: Stmt[] = [];
        for (const c of named(n)) {
          if (c.type === 'except_clause' || c.type === 'except_group_clause') {
            // except [VALUE (, VALUE)* | VALUE as ALIAS] : block
            const alias = after(c, 'as');
            const values = before(c, 'as').filter((k) => k.type !== 'block' && k !== alias);
            let type: Expr | null = null;
            if (values.length > 1) type = { t: 'tuple', items: values.map((k) => this.expr(k, depth)), loc: loc(c) };
            else if (values[0]) type = this.expr(values[0].type === 'as_pattern' ? named(values[0])[0] : values[0], depth);
            const h: Handler = { type, body: this.body(c.child('block'), depth), loc: loc(c) };
            if (alias) h.name = alias.text;
            handlers.push(h);
          } else if (c.type === 'else_clause') orelse = this.body(c.child('block'), depth);
          else if (c.type === 'finally_clause') final = this.body(c.child('block'), depth);
        }
        return void out.push({ t: 'try', body: this.body(n.child('block'), depth), handlers, orelse, final, loc: L });
      }
      case 'with_statement': {
        const items: Array<{ ctx: Expr; as?: Expr }> = [];
        const clause = n.child('with_clause');
        for (const it of clause ? named(clause) : []) {
          const v = named(it)[0];
          if (v && v.type === 'as_pattern') {
            const kids = named(v);
            const target = kids[kids.length - 1];
            const item: { ctx: Expr; as?: Expr } = { ctx: this.expr(kids[0], depth) };
            if (target && kids.length > 1) item.as = this.expr(target.type === 'as_pattern_target' ? (named(target)[0] ?? target) : target, depth);
            items.push(item);
          } else items.push({ ctx: this.expr(v, depth) });
        }
        return void out.push({ t: 'with', items, body: this.body(n.child('block'), depth), loc: L });
      }
      case 'match_statement': {
        const cases: Array<{ body: Stmt[]; loc: Loc }> = [];
        const blk = n.child('block');
        for (const c of blk ? named(blk) : []) if (c.type === 'case_clause') cases.push({ body: this.body(c.child('block'), depth), loc: loc(c) });
        return void out.push({ t: 'match', subject: this.expr(named(n)[0], depth), cases, loc: L });
      }
      case 'return_statement': {
        const kids = named(n);
        return void out.push({ t: 'return', v: kids.length ? this.exprList(kids, depth, L) : null, loc: L });
      }
      case 'raise_statement': {
        const kids = named(n);
        return void out.push({ t: 'raise', exc: kids.length ? this.expr(kids[0]!, depth) : null, loc: L });
      }
      case 'assert_statement':
        return void out.push({ t: 'assert', test: this.expr(named(n)[0], depth), loc: L });
      case 'type_alias_statement': {
        const kids = named(n);
        const left = kids[0];
        const name = left ? (left.descendants('identifier')[0]?.text ?? left.text) : '';
        return void out.push({ t: 'typealias', name, v: this.expr(kids[1], depth), loc: L });
      }
      case 'global_statement':
      case 'nonlocal_statement':
        return void out.push({ t: 'global', names: named(n).map((c) => c.text), loc: L });
      case 'delete_statement':
        return void out.push({ t: 'del', targets: named(n).map((c) => this.expr(c, depth)), loc: L });
      case 'pass_statement':
        return void out.push({ t: 'flow', kind: 'pass', loc: L });
      case 'break_statement':
        return void out.push({ t: 'flow', kind: 'break', loc: L });
      case 'continue_statement':
        return void out.push({ t: 'flow', kind: 'continue', loc: L });
      case 'block':
        for (const c of n.named) this.stmt(c, depth + 1, out);
        return;
      case 'ERROR':
        // Recover what we can: statements inside an ERROR node are still statements.
        if (depth < MAX_DEPTH) for (const c of n.named) this.stmt(c, depth + 1, out);
        return;
      default:
        // Stray expressions (e.g. inside ERROR recovery) are kept as expression statements.
        if (n.type.endsWith('_statement') || n.type.endsWith('_clause')) return;
        out.push({ t: 'expr', v: this.expr(n, depth), loc: L });
    }
  }

  private assignment(n: Node, depth: number): Stmt {
    const targets: Expr[] = [];
    let cur: Node | undefined = n;
    let ann: Expr | undefined;
    let v: Expr | null = null;
    // a = b = c parses as assignment(left=a, right=assignment(left=b, right=c)); x: T = v has a `type` child
    while (cur && cur.type === 'assignment') {
      const kids = named(cur);
      targets.push(this.expr(kids[0], depth));
      const type = cur.child('type');
      if (type && !ann) ann = this.expr(type, depth);
      const right = after(cur, '=');
      if (right && right.type === 'assignment') cur = right;
      else {
        v = right ? this.expr(right, depth) : null;
        cur = undefined;
      }
    }
    const s: Stmt = { t: 'assign', targets, v, loc: loc(n) };
    if (ann) s.ann = ann;
    return s;
  }

  private def(n: Node, decorators: Expr[], depth: number, L: Loc): DefStmt {
    const saved = this.fn;
    const ctx: FnCtx = { gen: false };
    const params = this.params(n.child('parameters'), depth);
    const returns = after(n, '->');
    this.fn = ctx;
    const body = this.body(n.child('block'), depth);
    this.fn = saved;
    const nameNode = n.child('identifier');
    const s = n.startPosition;
    const defLoc: Loc = nameNode ? [s.row + 1, s.column + 1, nameNode.endPosition.row + 1, nameNode.endPosition.column + 1] : [s.row + 1, s.column + 1, s.row + 1, s.column + 1];
    const d: DefStmt = { t: 'def', name: nameNode?.text ?? '', async: n.hasToken('async'), params, decorators, body, loc: L, defLoc };
    if (returns) d.returns = this.expr(returns, depth);
    if (ctx.gen) d.gen = true;
    return d;
  }

  private cls(n: Node, decorators: Expr[], depth: number, L: Loc): Stmt {
    const saved = this.fn;
    this.fn = null;
    const sup = n.child('argument_list');
    const bases = sup ? this.args(sup, depth) : [];
    const body = this.body(n.child('block'), depth);
    this.fn = saved;
    const nameNode = n.child('identifier');
    const s = n.startPosition;
    return {
      t: 'class',
      name: nameNode?.text ?? '',
      bases,
      decorators,
      body,
      loc: L,
      defLoc: nameNode ? [s.row + 1, s.column + 1, nameNode.endPosition.row + 1, nameNode.endPosition.column + 1] : loc(n),
    };
  }

  private params(n: Node | undefined, depth: number): Param[] {
    const out: Param[] = [];
    if (!n) return out;
    let kind: Param['kind'] = 'pos';
    for (const c of named(n)) {
      const L = loc(c);
      switch (c.type) {
        case 'identifier':
          out.push({ name: c.text, kind, loc: L });
          break;
        case 'typed_parameter': {
          // NAME : type  (NAME may be *args / **kwargs)
          const inner = named(c)[0];
          const ann = this.expr(c.child('type'), depth);
          if (inner && inner.type === 'list_splat_pattern') {
            out.push({ name: named(inner)[0]?.text ?? '', kind: 'var', ann, loc: L });
            kind = 'kw';
          } else if (inner && inner.type === 'dictionary_splat_pattern') out.push({ name: named(inner)[0]?.text ?? '', kind: 'varkw', ann, loc: L });
          else out.push({ name: inner?.text ?? '', kind, ann, loc: L });
          break;
        }
        case 'default_parameter':
          out.push({ name: named(c)[0]?.text ?? '', kind, def: this.expr(after(c, '='), depth), loc: L });
          break;
        case 'typed_default_parameter':
          out.push({ name: named(c)[0]?.text ?? '', kind, ann: this.expr(c.child('type'), depth), def: this.expr(after(c, '='), depth), loc: L });
          break;
        case 'list_splat_pattern':
          out.push({ name: named(c)[0]?.text ?? '', kind: 'var', loc: L });
          kind = 'kw';
          break;
        case 'dictionary_splat_pattern':
          out.push({ name: named(c)[0]?.text ?? '', kind: 'varkw', loc: L });
          break;
        case 'keyword_separator':
          kind = 'kw';
          break;
        case 'positional_separator':
          for (const p of out) if (p.kind === 'pos') p.kind = 'posonly';
          break;
        default:
          break;
      }
    }
    return out;
  }

  private args(n: Node, depth: number): Arg[] {
    const out: Arg[] = [];
    for (const c of named(n)) {
      if (c.type === 'keyword_argument') out.push({ name: named(c)[0]?.text ?? '', v: this.expr(after(c, '='), depth) });
      else if (c.type === 'list_splat') out.push({ star: 1, v: this.expr(named(c)[0], depth) });
      else if (c.type === 'dictionary_splat') out.push({ star: 2, v: this.expr(named(c)[0], depth) });
      else out.push({ v: this.expr(c, depth) });
    }
    return out;
  }

  // ---------------------------------------------------------------- expressions

  private exprList(kids: Node[], depth: number, L: Loc): Expr {
    if (kids.length === 1) return this.expr(kids[0]!, depth);
    return { t: 'tuple', items: kids.map((k) => this.expr(k, depth)), loc: L };
  }

  expr(n: Node | undefined | null, depth: number): Expr {
    if (!n) return { t: 'unk', what: 'missing', loc: [0, 0, 0, 0] };
    const L = loc(n);
    if (depth > MAX_DEPTH) return { t: 'unk', what: 'too deep', loc: L };
    const d = depth + 1;
    switch (n.type) {
      case 'identifier':
        return { t: 'name', id: n.text, loc: L };
      case 'attribute': {
        const kids = named(n);
        return { t: 'attr', obj: this.expr(kids[0], d), attr: kids[kids.length - 1]?.text ?? '', loc: L };
      }
      case 'call': {
        const kids = named(n);
        const argsNode = kids[kids.length - 1];
        let args: Arg[] = [];
        if (argsNode && kids.length > 1) {
          if (argsNode.type === 'generator_expression') args = [{ v: this.expr(argsNode, d) }];
          else args = this.args(argsNode, d);
        }
        return { t: 'call', fn: this.expr(kids[0], d), args, loc: L };
      }
      case 'string':
        return this.string(n, d, L);
      case 'concatenated_string': {
        const parts: Array<string | Expr> = [];
        let allStr = true;
        for (const c of named(n)) {
          const s = this.string(c, d, loc(c));
          if (s.t === 'str') parts.push(s.v);
          else if (s.t === 'fstr') {
            allStr = false;
            parts.push(...s.parts);
          } else return s;
        }
        return allStr ? { t: 'str', v: parts.join(''), loc: L } : { t: 'fstr', parts, loc: L };
      }
      case 'integer':
      case 'float': {
        // Complex (`1j`) and out-of-range (`1e999`) literals are not numbers the model uses, and NaN
        // or Infinity would not survive the JSON trip from a worker: they become `unk`.
        const txt = n.text.replace(/_/g, '').toLowerCase();
        const v = txt.endsWith('j') ? NaN : n.type === 'float' ? parseFloat(txt) : /^0[xob]/.test(txt) ? Number(txt) : parseInt(txt, 10);
        return Number.isFinite(v) ? { t: 'num', v, loc: L } : { t: 'unk', what: 'number', loc: L };
      }
      case 'true':
        return { t: 'const', v: true, loc: L };
      case 'false':
        return { t: 'const', v: false, loc: L };
      case 'none':
        return { t: 'const', v: null, loc: L };
      case 'ellipsis':
        return { t: 'ellipsis', loc: L };
      case 'list':
      case 'set':
      case 'tuple':
      case 'expression_list':
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
        return {
          t: n.type === 'list' || n.type === 'list_pattern' ? 'list' : n.type === 'set' ? 'set' : 'tuple',
          items: named(n).map((c) => this.expr(c, d)),
          loc: L,
        };
      case 'dictionary': {
        const items: Array<[Expr | null, Expr]> = [];
        for (const c of named(n)) {
          if (c.type === 'pair') {
            const kv = named(c);
            items.push([this.expr(kv[0], d), this.expr(kv[1], d)]);
          } else if (c.type === 'dictionary_splat') items.push([null, this.expr(named(c)[0], d)]);
        }
        return { t: 'dict', items, loc: L };
      }
      case 'subscript': {
        const kids = named(n);
        const subs = kids.slice(1);
        const index: Expr = subs.length === 1 ? this.expr(subs[0], d) : { t: 'tuple', items: subs.map((c) => this.expr(c, d)), loc: L };
        return { t: 'sub', obj: this.expr(kids[0], d), index, loc: L };
      }
      case 'generic_type': {
        // PEP 695 / type contexts: list[int] parsed as generic_type(identifier, type_parameter)
        const kids = named(n);
        const tp = kids[1];
        const items = tp ? named(tp).map((c) => this.expr(c, d)) : [];
        return { t: 'sub', obj: this.expr(kids[0], d), index: items.length === 1 ? items[0]! : { t: 'tuple', items, loc: L }, loc: L };
      }
      case 'union_type': {
        const kids = named(n);
        return { t: 'bin', op: '|', l: this.expr(kids[0], d), r: this.expr(kids[1], d), loc: L };
      }
      case 'type':
      case 'parenthesized_expression':
      case 'parenthesized_list_splat': {
        const kids = named(n);
        if (kids.length === 1) return this.expr(kids[0], d);
        return { t: 'tuple', items: kids.map((c) => this.expr(c, d)), loc: L };
      }
      case 'binary_operator':
      case 'boolean_operator': {
        const ks = n.children;
        const op = ks[1]?.type ?? '?';
        if (n.type === 'binary_operator') return { t: 'bin', op, l: this.expr(ks[0], d), r: this.expr(ks[2], d), loc: L };
        // a and b and c: flatten the left-nested chain of one operator
        const values: Expr[] = [];
        const flatten = (m: Node | undefined, dd: number): void => {
          if (m && m.type === 'boolean_operator' && m.children[1]?.type === op && dd < MAX_DEPTH) {
            const mk = m.children;
            flatten(mk[0], dd + 1);
            flatten(mk[2], dd + 1);
          } else values.push(this.expr(m, dd));
        };
        flatten(ks[0], d);
        flatten(ks[2], d);
        return { t: 'boolop', op: op === 'and' ? 'and' : 'or', values, loc: L };
      }
      case 'unary_operator': {
        const ks = n.children;
        return { t: 'unary', op: ks[0]?.type ?? '-', v: this.expr(ks[1], d), loc: L };
      }
      case 'not_operator':
        return { t: 'unary', op: 'not', v: this.expr(named(n)[0], d), loc: L };
      case 'comparison_operator': {
        const operands: Expr[] = [];
        const ops: string[] = [];
        let pendingNot = false;
        for (const c of n.children) {
          if (c.isNamed) operands.push(this.expr(c, d));
          else {
            const t = c.type;
            if (t === 'is not' || t === 'not in') ops.push(t);
            else if (t === 'not') pendingNot = true;
            else if (t === 'in') {
              ops.push(pendingNot ? 'not in' : 'in');
              pendingNot = false;
            } else if (t === 'is') ops.push('is');
            else if (['<', '>', '==', '>=', '<=', '!=', '<>'].includes(t)) ops.push(t);
          }
        }
        return { t: 'cmp', ops: ops.slice(0, Math.max(0, operands.length - 1)), operands, loc: L };
      }
      case 'conditional_expression': {
        const kids = named(n);
        return { t: 'ifexp', body: this.expr(kids[0], d), test: this.expr(kids[1], d), orelse: this.expr(kids[2], d), loc: L };
      }
      case 'lambda': {
        const ps = n.child('lambda_parameters');
        return { t: 'lambda', params: this.params(ps, d), body: this.expr(after(n, ':'), d), loc: L };
      }
      case 'list_splat':
      case 'list_splat_pattern':
        return { t: 'starred', v: this.expr(named(n)[0], d), loc: L };
      case 'dictionary_splat':
        return { t: 'starred', v: this.expr(named(n)[0], d), double: true, loc: L };
      case 'await':
        return { t: 'await', v: this.expr(named(n)[0], d), loc: L };
      case 'yield':
        if (this.fn) this.fn.gen = true;
        return { t: 'unk', what: 'yield', loc: L };
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        const kids = named(n);
        const forClause = kids.find((c) => c.type === 'for_in_clause');
        const kind = n.type === 'list_comprehension' ? 'list' : n.type === 'set_comprehension' ? 'set' : n.type === 'generator_expression' ? 'gen' : 'dict';
        return {
          t: 'comp',
          kind,
          elt: this.expr(kids[0], d),
          target: this.expr(forClause ? after(forClause, 'for') : undefined, d),
          iter: this.expr(forClause ? after(forClause, 'in') : undefined, d),
          loc: L,
        };
      }
      case 'named_expression': {
        const kids = named(n);
        return { t: 'walrus', target: kids[0]?.text ?? '', v: this.expr(kids[1], d), loc: L };
      }
      case 'keyword_argument':
        return this.expr(after(n, '='), d);
      case 'as_pattern':
        return this.expr(named(n)[0], d);
      default:
        return { t: 'unk', what: n.type, loc: L };
    }
  }

  private string(n: Node, d: number, L: Loc): Expr {
    if (n.type !== 'string') return this.expr(n, d);
    const kids = n.children;
    const start = kids.find((c) => c.type === 'string_start');
    const prefix = (start?.text ?? '"').replace(/['"]+$/, '').toLowerCase();
    const isRaw = prefix.includes('r');
    if (prefix.includes('t')) return { t: 'unk', what: 't-string', loc: L };
    const isF = prefix.includes('f');
    const parts: Array<string | Expr> = [];
    let cur = '';
    let hasInterp = false;
    for (const c of kids) {
      switch (c.type) {
        case 'string_content':
          cur += isF ? unescape(c.text, isRaw).replace(/\{\{/g, '{').replace(/\}\}/g, '}') : unescape(c.text, isRaw);
          break;
        case 'escape_sequence':
          cur += unescape(c.text, false);
          break;
        case 'interpolation': {
          hasInterp = true;
          if (cur) parts.push(cur);
          cur = '';
          parts.push(this.expr(named(c)[0], d));
          break;
        }
        default:
          break;
      }
    }
    if (!hasInterp) return { t: 'str', v: cur, loc: L };
    if (cur) parts.push(cur);
    return { t: 'fstr', parts, loc: L };
  }
}

/** `a.b as c` → {mod: 'a.b', as: 'c'} (the dotted name and the alias identifier). */
function aliased(c: Node, _what: 'mod' | 'name'): { mod: string; as?: string } {
  const kids = named(c);
  const name = kids.find((k) => k.type === 'dotted_name')?.text ?? kids[0]?.text ?? '';
  const alias = after(c, 'as')?.text;
  return alias ? { mod: name, as: alias } : { mod: name };
}
