/**
 * tree-sitter tree → FileFacts IR (src/facts/ir.ts), in one recursive pass over the named nodes.
 *
 * Nesting is bounded: past MAX_DEPTH an expression or block becomes `unk` ("too deep"), so a file
 * with 10 000 nested brackets cannot overflow the stack. Unknown or erroneous syntax becomes `unk`
 * and the walk goes on: a file with syntax errors still yields facts for what parsed.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Arg, Comment, DefStmt, Expr, FileFacts, Handler, Loc, Param, Stmt } from '../facts/ir.js';

const MAX_DEPTH = 200;

interface FnCtx {
  gen: boolean;
}

export function extractFacts(tree: Tree, path: string, source: string, bytes: number): FileFacts {
  const x = new Extractor();
  const root = tree.rootNode;
  const body = x.block(root, 0);
  const comments: Comment[] = source.includes('fastapi-audit') ? collectComments(root) : [];
  const errors: number[] = root.hasError ? errorLines(root) : [];
  return { path, body, comments, errors, lineCount: root.endPosition.row + 1, bytes };
}

function loc(n: Node): Loc {
  const s = n.startPosition;
  const e = n.endPosition;
  return [s.row + 1, s.column + 1, e.row + 1, e.column + 1];
}

function collectComments(root: Node): Comment[] {
  const out: Comment[] = [];
  for (const c of root.descendantsOfType('comment')) {
    if (!c) continue;
    const text = c.text;
    if (text.includes('fastapi-audit')) out.push({ line: c.startPosition.row + 1, column: c.startPosition.column + 1, text });
  }
  return out;
}

function errorLines(root: Node): number[] {
  const lines = new Set<number>();
  for (const e of root.descendantsOfType('ERROR')) {
    if (e) lines.add(e.startPosition.row + 1);
    if (lines.size >= 20) break;
  }
  if (lines.size === 0) {
    // MISSING nodes are not found by type; fall back to a bounded walk.
    const stack: Node[] = [root];
    while (stack.length && lines.size < 20) {
      const n = stack.pop()!;
      if (n.isMissing) lines.add(n.startPosition.row + 1);
      else if (n.hasError) for (const c of n.children) if (c) stack.push(c);
    }
  }
  return [...lines].sort((a, b) => a - b);
}

function named(n: Node): Node[] {
  const out: Node[] = [];
  for (const c of n.namedChildren) if (c && c.type !== 'comment' && c.type !== 'line_continuation') out.push(c);
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
    for (const c of n.namedChildren) {
      if (!c) continue;
      this.stmt(c, depth, out);
    }
    return out;
  }

  private body(n: Node | null, depth: number): Stmt[] {
    return n ? this.block(n, depth + 1) : [];
  }

  private stmt(n: Node, depth: number, out: Stmt[]): void {
    const L = loc(n);
    switch (n.type) {
      case 'comment':
      case 'line_continuation':
        return;
      case 'expression_statement': {
        const kids = named(n);
        if (kids.length === 1) {
          const k = kids[0]!;
          if (k.type === 'assignment') return void out.push(this.assignment(k, depth));
          if (k.type === 'augmented_assignment') {
            return void out.push({
              t: 'aug',
              target: this.expr(k.childForFieldName('left'), depth),
              op: k.childForFieldName('operator')?.text ?? '+=',
              v: this.expr(k.childForFieldName('right'), depth),
              loc: L,
            });
          }
          return void out.push({ t: 'expr', v: this.expr(k, depth), loc: L });
        }
        return void out.push({ t: 'expr', v: { t: 'tuple', items: kids.map((k) => this.expr(k, depth)), loc: L }, loc: L });
      }
      case 'import_statement': {
        const names: Array<{ mod: string; as?: string }> = [];
        for (const c of named(n)) {
          if (c.type === 'dotted_name') names.push({ mod: c.text });
          else if (c.type === 'aliased_import') {
            names.push({ mod: c.childForFieldName('name')?.text ?? '', as: c.childForFieldName('alias')?.text });
          }
        }
        return void out.push({ t: 'import', names, loc: L });
      }
      case 'import_from_statement': {
        const modNode = n.childForFieldName('module_name');
        let mod = '';
        let level = 0;
        if (modNode) {
          if (modNode.type === 'relative_import') {
            for (const c of modNode.children) {
              if (!c) continue;
              if (c.type === 'import_prefix') level = c.text.length;
              else if (c.type === 'dotted_name') mod = c.text;
            }
          } else mod = modNode.text;
        }
        let names: Array<{ name: string; as?: string }> | '*' = [];
        for (const c of n.children) {
          if (!c || c === modNode || (modNode && c.startIndex === modNode.startIndex)) continue;
          if (c.type === 'wildcard_import') names = '*';
          else if (names !== '*') {
            if (c.type === 'dotted_name') names.push({ name: c.text });
            else if (c.type === 'aliased_import') {
              names.push({ name: c.childForFieldName('name')?.text ?? '', as: c.childForFieldName('alias')?.text });
            }
          }
        }
        return void out.push({ t: 'from', mod, level, names, loc: L });
      }
      case 'future_import_statement':
        return void out.push({ t: 'from', mod: '__future__', level: 0, names: named(n).map((c) => ({ name: c.type === 'aliased_import' ? (c.childForFieldName('name')?.text ?? '') : c.text })), loc: L });
      case 'function_definition':
        return void out.push(this.def(n, [], depth, L));
      case 'class_definition':
        return void out.push(this.cls(n, [], depth, L));
      case 'decorated_definition': {
        const decos: Expr[] = [];
        for (const c of named(n)) if (c.type === 'decorator') decos.push(this.expr(named(c)[0] ?? null, depth));
        const def = n.childForFieldName('definition');
        if (!def) return;
        if (def.type === 'function_definition') return void out.push(this.def(def, decos, depth, L));
        if (def.type === 'class_definition') return void out.push(this.cls(def, decos, depth, L));
        return;
      }
      case 'if_statement': {
        // elif chains become nested ifs in orelse
        const clauses: Array<{ test: Expr; body: Stmt[]; loc: Loc }> = [
          { test: this.expr(n.childForFieldName('condition'), depth), body: this.body(n.childForFieldName('consequence'), depth), loc: L },
        ];
        let orelse: Stmt[] = [];
        for (const c of n.childrenForFieldName('alternative')) {
          if (!c) continue;
          if (c.type === 'elif_clause') {
            clauses.push({ test: this.expr(c.childForFieldName('condition'), depth), body: this.body(c.childForFieldName('consequence'), depth), loc: loc(c) });
          } else if (c.type === 'else_clause') orelse = this.body(c.childForFieldName('body'), depth);
        }
        for (let i = clauses.length - 1; i >= 0; i--) {
          const c = clauses[i]!;
          const s: Stmt = { t: 'if', test: c.test, body: c.body, orelse, loc: c.loc };
          orelse = [s];
        }
        out.push(orelse[0]!);
        return;
      }
      case 'for_statement':
        return void out.push({
          t: 'for',
          target: this.expr(n.childForFieldName('left'), depth),
          iter: this.expr(n.childForFieldName('right'), depth),
          body: this.body(n.childForFieldName('body'), depth),
          orelse: this.body(n.childForFieldName('alternative')?.childForFieldName('body') ?? null, depth),
          loc: L,
        });
      case 'while_statement':
        return void out.push({
          t: 'while',
          test: this.expr(n.childForFieldName('condition'), depth),
          body: this.body(n.childForFieldName('body'), depth),
          orelse: this.body(n.childForFieldName('alternative')?.childForFieldName('body') ?? null, depth),
          loc: L,
        });
      case 'try_statement': {
        const handlers: Handler[] = [];
        let orelse: Stmt[] = [];
        let final: Stmt[] = [];
        for (const c of named(n)) {
          if (c.type === 'except_clause' || c.type === 'except_group_clause') {
            const kids = named(c);
            const blk = kids.find((k) => k.type === 'block');
            const val = c.childForFieldName('value');
            const alias = c.childForFieldName('alias');
            const types = c.childrenForFieldName('value').filter((k): k is Node => !!k);
            let type: Expr | null = null;
            if (types.length > 1) type = { t: 'tuple', items: types.map((k) => this.expr(k, depth)), loc: loc(c) };
            else if (val) type = this.expr(val, depth);
            else {
              const e = kids.find((k) => k.type !== 'block');
              if (e) type = this.expr(e.type === 'as_pattern' ? named(e)[0] ?? null : e, depth);
            }
            handlers.push({ type, name: alias?.text, body: blk ? this.body(blk, depth) : [], loc: loc(c) });
          } else if (c.type === 'else_clause') orelse = this.body(c.childForFieldName('body'), depth);
          else if (c.type === 'finally_clause') final = this.body(named(c).find((k) => k.type === 'block') ?? null, depth);
        }
        return void out.push({ t: 'try', body: this.body(n.childForFieldName('body'), depth), handlers, orelse, final, loc: L });
      }
      case 'with_statement': {
        const items: Array<{ ctx: Expr; as?: Expr }> = [];
        const clause = named(n).find((c) => c.type === 'with_clause');
        for (const it of clause ? named(clause) : []) {
          const v = it.childForFieldName('value') ?? named(it)[0] ?? null;
          if (v && v.type === 'as_pattern') {
            const kids = named(v);
            const target = v.childForFieldName('alias') ?? kids[kids.length - 1] ?? null;
            items.push({ ctx: this.expr(kids[0] ?? null, depth), as: target ? this.expr(target.type === 'as_pattern_target' ? (named(target)[0] ?? target) : target, depth) : undefined });
          } else items.push({ ctx: this.expr(v, depth) });
        }
        return void out.push({ t: 'with', items, body: this.body(n.childForFieldName('body'), depth), loc: L });
      }
      case 'match_statement': {
        const cases: Array<{ body: Stmt[]; loc: Loc }> = [];
        const blk = n.childForFieldName('body');
        for (const c of blk ? named(blk) : []) {
          if (c.type === 'case_clause') cases.push({ body: this.body(c.childForFieldName('consequence'), depth), loc: loc(c) });
        }
        return void out.push({ t: 'match', subject: this.expr(n.childForFieldName('subject'), depth), cases, loc: L });
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
        return void out.push({ t: 'assert', test: this.expr(named(n)[0] ?? null, depth), loc: L });
      case 'type_alias_statement': {
        const left = n.childForFieldName('left');
        const name = left ? (left.descendantsOfType('identifier')[0]?.text ?? left.text) : '';
        return void out.push({ t: 'typealias', name, v: this.expr(n.childForFieldName('right'), depth), loc: L });
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
        for (const c of n.namedChildren) if (c) this.stmt(c, depth + 1, out);
        return;
      case 'ERROR':
        // Recover what we can: statements inside an ERROR node are still statements.
        if (depth < MAX_DEPTH) for (const c of n.namedChildren) if (c) this.stmt(c, depth + 1, out);
        return;
      default:
        // Stray expressions (e.g. inside ERROR recovery) are kept as expression statements.
        if (n.type.endsWith('_statement') || n.type.endsWith('_clause')) return;
        out.push({ t: 'expr', v: this.expr(n, depth), loc: L });
    }
  }

  private assignment(n: Node, depth: number): Stmt {
    const targets: Expr[] = [];
    let cur: Node | null = n;
    let ann: Expr | undefined;
    let v: Expr | null = null;
    // a = b = c parses as assignment(left=a, right=assignment(left=b, right=c))
    while (cur && cur.type === 'assignment') {
      targets.push(this.expr(cur.childForFieldName('left'), depth));
      const type = cur.childForFieldName('type');
      if (type && !ann) ann = this.expr(type, depth);
      const right: Node | null = cur.childForFieldName('right');
      if (right && right.type === 'assignment') cur = right;
      else {
        v = right ? this.expr(right, depth) : null;
        cur = null;
      }
    }
    const s: Stmt = { t: 'assign', targets, v, loc: loc(n) };
    if (ann) s.ann = ann;
    return s;
  }

  private def(n: Node, decorators: Expr[], depth: number, L: Loc): DefStmt {
    const saved = this.fn;
    const ctx: FnCtx = { gen: false };
    const params = this.params(n.childForFieldName('parameters'), depth);
    const returns = n.childForFieldName('return_type');
    this.fn = ctx;
    const body = this.body(n.childForFieldName('body'), depth);
    this.fn = saved;
    const nameNode = n.childForFieldName('name');
    const s = n.startPosition;
    const defLoc: Loc = nameNode
      ? [s.row + 1, s.column + 1, nameNode.endPosition.row + 1, nameNode.endPosition.column + 1]
      : [s.row + 1, s.column + 1, s.row + 1, s.column + 1];
    const d: DefStmt = {
      t: 'def',
      name: nameNode?.text ?? '',
      async: n.children.some((c) => c?.type === 'async'),
      params,
      decorators,
      body,
      loc: L,
      defLoc,
    };
    if (returns) d.returns = this.expr(returns, depth);
    if (ctx.gen) d.gen = true;
    return d;
  }

  private cls(n: Node, decorators: Expr[], depth: number, L: Loc): Stmt {
    const saved = this.fn;
    this.fn = null;
    const sup = n.childForFieldName('superclasses');
    const bases = sup ? this.args(sup, depth) : [];
    const body = this.body(n.childForFieldName('body'), depth);
    this.fn = saved;
    const nameNode = n.childForFieldName('name');
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

  private params(n: Node | null, depth: number): Param[] {
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
          const inner = named(c)[0];
          const ann = this.expr(c.childForFieldName('type'), depth);
          if (inner && inner.type === 'list_splat_pattern') {
            out.push({ name: named(inner)[0]?.text ?? '', kind: 'var', ann, loc: L });
            kind = 'kw';
          } else if (inner && inner.type === 'dictionary_splat_pattern') {
            out.push({ name: named(inner)[0]?.text ?? '', kind: 'varkw', ann, loc: L });
          } else out.push({ name: inner?.text ?? '', kind, ann, loc: L });
          break;
        }
        case 'default_parameter':
          out.push({ name: c.childForFieldName('name')?.text ?? '', kind, def: this.expr(c.childForFieldName('value'), depth), loc: L });
          break;
        case 'typed_default_parameter':
          out.push({
            name: c.childForFieldName('name')?.text ?? '',
            kind,
            ann: this.expr(c.childForFieldName('type'), depth),
            def: this.expr(c.childForFieldName('value'), depth),
            loc: L,
          });
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
      if (c.type === 'keyword_argument') {
        out.push({ name: c.childForFieldName('name')?.text ?? '', v: this.expr(c.childForFieldName('value'), depth) });
      } else if (c.type === 'list_splat') out.push({ star: 1, v: this.expr(named(c)[0] ?? null, depth) });
      else if (c.type === 'dictionary_splat') out.push({ star: 2, v: this.expr(named(c)[0] ?? null, depth) });
      else out.push({ v: this.expr(c, depth) });
    }
    return out;
  }

  // ---------------------------------------------------------------- expressions

  private exprList(kids: Node[], depth: number, L: Loc): Expr {
    if (kids.length === 1) return this.expr(kids[0]!, depth);
    return { t: 'tuple', items: kids.map((k) => this.expr(k, depth)), loc: L };
  }

  expr(n: Node | null, depth: number): Expr {
    if (!n) return { t: 'unk', what: 'missing', loc: [0, 0, 0, 0] };
    const L = loc(n);
    if (depth > MAX_DEPTH) return { t: 'unk', what: 'too deep', loc: L };
    const d = depth + 1;
    switch (n.type) {
      case 'identifier':
        return { t: 'name', id: n.text, loc: L };
      case 'attribute':
        return { t: 'attr', obj: this.expr(n.childForFieldName('object'), d), attr: n.childForFieldName('attribute')?.text ?? '', loc: L };
      case 'call': {
        const argsNode = n.childForFieldName('arguments');
        let args: Arg[] = [];
        if (argsNode) {
          if (argsNode.type === 'generator_expression') args = [{ v: this.expr(argsNode, d) }];
          else args = this.args(argsNode, d);
        }
        return { t: 'call', fn: this.expr(n.childForFieldName('function'), d), args, loc: L };
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
      case 'integer': {
        const txt = n.text.replace(/_/g, '').toLowerCase();
        const v = /^0[xob]/.test(txt) ? Number(txt) : txt.endsWith('j') ? NaN : parseInt(txt, 10);
        return { t: 'num', v, loc: L };
      }
      case 'float':
        return { t: 'num', v: parseFloat(n.text.replace(/_/g, '')), loc: L };
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
          if (c.type === 'pair') items.push([this.expr(c.childForFieldName('key'), d), this.expr(c.childForFieldName('value'), d)]);
          else if (c.type === 'dictionary_splat') items.push([null, this.expr(named(c)[0] ?? null, d)]);
        }
        return { t: 'dict', items, loc: L };
      }
      case 'subscript': {
        const subs = n.childrenForFieldName('subscript').filter((c): c is Node => !!c);
        const index: Expr = subs.length === 1 ? this.expr(subs[0]!, d) : { t: 'tuple', items: subs.map((c) => this.expr(c, d)), loc: L };
        return { t: 'sub', obj: this.expr(n.childForFieldName('value'), d), index, loc: L };
      }
      case 'generic_type': {
        // PEP 695 / type contexts: list[int] parsed as generic_type(identifier, type_parameter)
        const kids = named(n);
        const base = kids[0] ?? null;
        const tp = kids[1];
        const items = tp ? named(tp).map((c) => this.expr(c, d)) : [];
        return { t: 'sub', obj: this.expr(base, d), index: items.length === 1 ? items[0]! : { t: 'tuple', items, loc: L }, loc: L };
      }
      case 'type':
      case 'parenthesized_expression':
      case 'parenthesized_list_splat': {
        const kids = named(n);
        if (kids.length === 1) return this.expr(kids[0]!, d);
        return { t: 'tuple', items: kids.map((c) => this.expr(c, d)), loc: L };
      }
      case 'binary_operator':
        return { t: 'bin', op: n.childForFieldName('operator')?.text ?? '?', l: this.expr(n.childForFieldName('left'), d), r: this.expr(n.childForFieldName('right'), d), loc: L };
      case 'unary_operator':
        return { t: 'unary', op: n.childForFieldName('operator')?.text ?? '-', v: this.expr(n.childForFieldName('argument'), d), loc: L };
      case 'not_operator':
        return { t: 'unary', op: 'not', v: this.expr(n.childForFieldName('argument'), d), loc: L };
      case 'boolean_operator': {
        const op = n.childForFieldName('operator')?.text === 'and' ? 'and' : 'or';
        const values: Expr[] = [];
        const flatten = (m: Node | null, dd: number): void => {
          if (m && m.type === 'boolean_operator' && (m.childForFieldName('operator')?.text === op) && dd < MAX_DEPTH) {
            flatten(m.childForFieldName('left'), dd + 1);
            flatten(m.childForFieldName('right'), dd + 1);
          } else values.push(this.expr(m, dd));
        };
        flatten(n.childForFieldName('left'), d);
        flatten(n.childForFieldName('right'), d);
        return { t: 'boolop', op, values, loc: L };
      }
      case 'comparison_operator': {
        const operands: Expr[] = [];
        const ops: string[] = [];
        let pendingNot = false;
        for (const c of n.children) {
          if (!c) continue;
          if (c.isNamed && c.type !== 'comment' && c.type !== 'line_continuation') operands.push(this.expr(c, d));
          else if (!c.isNamed) {
            const t = c.type;
            if (t === 'not' && ops.length < operands.length) { ops.push('not in'); pendingNot = false; }
            else if (t === 'is' ) ops.push('is');
            else if (t === 'not') pendingNot = true;
            else if (t === 'in' && pendingNot) { ops.push('not in'); pendingNot = false; }
            else if (t === 'is not' || t === 'not in') ops.push(t);
            else if (t === 'in' && ops.length === operands.length) ops.push('in');
            else if (['<', '>', '==', '>=', '<=', '!=', '<>'].includes(t)) ops.push(t);
            else if (t === 'in') ops.push('in');
          }
        }
        // tree-sitter encodes "is not" as two tokens in some versions: merge "is" followed by "not".
        const fixed: string[] = [];
        for (const o of ops) {
          if (o === 'not in' && fixed[fixed.length - 1] === 'is' && fixed.length === operands.length) fixed[fixed.length - 1] = 'is not';
          else fixed.push(o);
        }
        return { t: 'cmp', ops: fixed.slice(0, Math.max(0, operands.length - 1)), operands, loc: L };
      }
      case 'conditional_expression': {
        const kids = named(n);
        return { t: 'ifexp', body: this.expr(kids[0] ?? null, d), test: this.expr(kids[1] ?? null, d), orelse: this.expr(kids[2] ?? null, d), loc: L };
      }
      case 'lambda': {
        return { t: 'lambda', params: this.params(n.childForFieldName('parameters'), d), body: this.expr(n.childForFieldName('body'), d), loc: L };
      }
      case 'list_splat':
      case 'list_splat_pattern':
        return { t: 'starred', v: this.expr(named(n)[0] ?? null, d), loc: L };
      case 'dictionary_splat':
        return { t: 'starred', v: this.expr(named(n)[0] ?? null, d), double: true, loc: L };
      case 'await':
        return { t: 'await', v: this.expr(named(n)[0] ?? null, d), loc: L };
      case 'yield':
        if (this.fn) this.fn.gen = true;
        return { t: 'unk', what: 'yield', loc: L };
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        const body = n.childForFieldName('body');
        const forClause = named(n).find((c) => c.type === 'for_in_clause');
        const kind = n.type === 'list_comprehension' ? 'list' : n.type === 'set_comprehension' ? 'set' : n.type === 'generator_expression' ? 'gen' : 'dict';
        return {
          t: 'comp',
          kind,
          elt: this.expr(body, d),
          target: this.expr(forClause?.childForFieldName('left') ?? null, d),
          iter: this.expr(forClause?.childForFieldName('right') ?? null, d),
          loc: L,
        };
      }
      case 'named_expression':
        return { t: 'walrus', target: n.childForFieldName('name')?.text ?? '', v: this.expr(n.childForFieldName('value'), d), loc: L };
      case 'keyword_argument':
        return this.expr(n.childForFieldName('value'), d);
      case 'as_pattern':
        return this.expr(named(n)[0] ?? null, d);
      default:
        return { t: 'unk', what: n.type, loc: L };
    }
  }

  private string(n: Node, d: number, L: Loc): Expr {
    if (n.type !== 'string') return this.expr(n, d);
    const start = n.namedChildren.find((c) => c?.type === 'string_start');
    const prefix = (start?.text ?? '"').replace(/['"]+$/, '').toLowerCase();
    const isRaw = prefix.includes('r');
    if (prefix.includes('t')) return { t: 'unk', what: 't-string', loc: L };
    const isF = prefix.includes('f');
    const parts: Array<string | Expr> = [];
    let cur = '';
    let hasInterp = false;
    for (const c of n.namedChildren) {
      if (!c) continue;
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
          parts.push(this.expr(c.childForFieldName('expression'), d));
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
