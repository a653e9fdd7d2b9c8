/**
 * Shell command lines as words: `shell-quote` does the quoting, escapes, comments, operators and
 * `$VAR` / `${VAR:-default}` expansion; this module only cuts its output into simple commands
 * (at `&&`, `||`, `;`, `|`, `&`, parentheses) and keeps the variables a script sets, so that
 * `exec uvicorn ${APP_MODULE:-app.main:app}` names `app.main:app`.
 *
 * A variable nobody set expands to `$NAME`, which no server target matches: an unknown value is
 * never guessed.
 */
import { parse, type ParseEntry } from 'shell-quote';

/** Variables known so far (Dockerfile ENV/ARG, assignments earlier in a script, Makefile variables). */
export type Env = Map<string, string>;

/** One simple command: its words after expansion, and the 1-based line it is written on. */
export interface SimpleCommand {
  argv: string[];
  line: number;
}

/** Operators that end a simple command (redirections do not). */
const SEPARATORS = new Set(['&&', '||', ';', ';;', '|', '|&', '&', '(', ')', '<(', '>(']);

/** Redirections: the operator and the word after it are not arguments. */
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '<<', '<<<', '<>', '>|', '&>', '&>>']);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
// `NAME`, `NAME:-default`, `NAME-default`, `NAME:=default`, `NAME=default`, `NAME:+alt`, `NAME+alt`, `NAME:?msg`.
const PARAMETER = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-=+?])(.*))?$/s;

/** The value of `$key` / `${key}` as shell-quote hands it over; sets the variable for `:=`. */
function expander(env: Env): (key: string) => string {
  return (key) => {
    const m = PARAMETER.exec(key);
    if (!m) return `$${key}`;
    const [, name, colon, op, word = ''] = m;
    const value = env.get(name!);
    const unset = value === undefined || (colon === ':' && value === '');
    switch (op) {
      case '-':
        return unset ? word : value!;
      case '=':
        if (unset) env.set(name!, word);
        return unset ? word : value!;
      case '+':
        return unset ? '' : word;
      default:
        return value ?? `$${name}`;
    }
  };
}

/**
 * Logical lines of a script: backslash-newline continuations joined, each with the line it starts
 * on. Comments are left to shell-quote (a `#` inside quotes is not one).
 */
function logicalLines(text: string, firstLine = 1): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let current: string[] = [];
  let start = firstLine;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (current.length === 0) start = firstLine + i;
    if (/(^|[^\\])(\\\\)*\\$/.test(raw)) {
      current.push(raw.slice(0, -1));
      return;
    }
    current.push(raw);
    out.push({ text: current.join(' '), line: start });
    current = [];
  });
  if (current.length > 0) out.push({ text: current.join(' '), line: start });
  return out;
}

const TARGET_WORD = /:[\p{L}_][\p{L}\p{N}_.]*$/u;

/**
 * `m:create_app()` written without quotes: a syntax error in a real shell, but task runners,
 * supervisord and compose split commands without one (shlex), so the call belongs to the word.
 * When the entry at `i` opens a parenthesis right after a word shaped like `module:attr`, the
 * call's text and the index of its `)`.
 */
function callAfter(argv: readonly string[], entries: readonly ParseEntry[], i: number): { text: string; end: number } | undefined {
  const e = entries[i]!;
  if (typeof e !== 'object' || !('op' in e) || e.op !== '(' || !TARGET_WORD.test(argv.at(-1) ?? '')) return undefined;
  const inner: string[] = [];
  for (let j = i + 1; j < entries.length; j++) {
    const x = entries[j]!;
    if (typeof x === 'string') inner.push(x);
    else if ('op' in x && x.op === ')') return { text: `(${inner.join(' ')})`, end: j };
    else return undefined;
  }
  return undefined;
}

/** The words of one command line, cut into simple commands. Never throws. */
export function splitCommands(text: string, env: Env, line: number): SimpleCommand[] {
  let entries: ParseEntry[];
  try {
    entries = parse(text, expander(env));
  } catch {
    return [];
  }
  const out: SimpleCommand[] = [];
  let argv: string[] = [];
  const flush = (): void => {
    if (argv.length > 0) out.push({ argv, line });
    argv = [];
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const call = callAfter(argv, entries, i);
    if (call) {
      argv[argv.length - 1] += call.text;
      i = call.end;
    } else if (typeof e === 'string') argv.push(e);
    else if ('comment' in e) break;
    else if (e.op === 'glob') argv.push((e as { pattern: string }).pattern);
    else if (REDIRECTS.has(e.op)) i++;
    else if (SEPARATORS.has(e.op)) flush();
  }
  flush();
  return out;
}

/**
 * Records what a command sets: `NAME=value` alone, `export`/`readonly`/`declare`/`local NAME=value`.
 * Returns true when the command only set variables.
 */
function recordAssignments(argv: readonly string[], env: Env): boolean {
  const words = ['export', 'readonly', 'declare', 'local', 'typeset'].includes(argv[0]!) ? argv.slice(1) : argv;
  const assignments = words.filter((w) => !w.startsWith('-')).map((w) => ASSIGNMENT.exec(w));
  if (assignments.length === 0 || assignments.some((m) => m === null)) return false;
  for (const m of assignments) env.set(m![1]!, m![2]!);
  return true;
}

/**
 * Every simple command of a script (a shell file, a Procfile line, a recipe line), in order.
 * Lazy, so that a line is expanded with what the lines before it set (`APP=x` then `uvicorn $APP`).
 */
export function* scriptCommands(text: string, env: Env, firstLine = 1): Generator<SimpleCommand> {
  for (const l of logicalLines(text, firstLine)) {
    for (const c of splitCommands(l.text, env, l.line)) {
      recordAssignments(c.argv, env);
      yield c;
    }
  }
}
