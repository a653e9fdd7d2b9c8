/**
 * Line-based deployment files. Each format is cut into its commands by its own line rules, and
 * every command goes through the shell reader (shell.ts) and the server command reader:
 *
 * - Procfile: `name: command` per line, run from the Procfile's folder.
 * - Makefile: recipe lines (tab-indented, continuations joined, `@`/`-`/`+` prefixes dropped),
 *   each in a shell of its own from the Makefile's folder, with the file's simple variable
 *   assignments expanded (`$(APP)`, `${APP}`; `$$` is a dollar).
 * - Shell scripts: the whole file, `cd` followed.
 * - supervisord and other INI-style `.ini`/`.conf` files: `command=` values (indented lines
 *   continue them), run from the scan root (the config lives apart from the code it starts).
 * - setup.cfg `[options.entry_points] console_scripts` and setup.py `console_scripts` strings:
 *   console scripts, entry points the server's code is reached through.
 */
import path from 'node:path';
import { moduleOfPath, scriptTargets, treeSpace, type FoundTarget, type Place, type Tree } from './command.js';

const dirOf = (file: string): string => (path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file));

const localPlace = (file: string): Place => ({ cwd: dirOf(file), toTree: treeSpace, fallback: dirOf(file), home: dirOf(file) });

const splitLines = (text: string): string[] => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

export function procfileTargets(text: string, file: string, tree: Tree): FoundTarget[] {
  const out: FoundTarget[] = [];
  splitLines(text).forEach((raw, i) => {
    const m = /^\s*([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(raw);
    if (m) out.push(...scriptTargets(m[2]!, i + 1, localPlace(file), tree, new Map(), 0, true));
  });
  return out;
}

export function shellTargets(text: string, file: string, tree: Tree): FoundTarget[] {
  return scriptTargets(text.replace(/^\uFEFF/, ''), 1, localPlace(file), tree, new Map());
}

/** `$(NAME)` / `${NAME}` from the Makefile's variables (a few rounds, for variables made of variables); `$$` → `$`. */
function makeExpand(text: string, vars: ReadonlyMap<string, string>): string {
  let out = text;
  for (let round = 0; round < 5 && /\$[({][A-Za-z0-9_.-]+[)}]/.test(out); round++) {
    out = out.replace(/\$[({]([A-Za-z0-9_.-]+)[)}]/g, (whole, name: string) => vars.get(name) ?? whole);
  }
  // What is still `$(NAME)` is unknown: `$NAME` for the shell reader, never a target.
  return out
    .replace(/\$\$/g, '\u0000')
    .replace(/\$[({]([A-Za-z0-9_.-]+)[)}]/g, '$$$1')
    .replaceAll('\u0000', '$');
}

export function makefileTargets(text: string, file: string, tree: Tree): FoundTarget[] {
  const vars = new Map<string, string>();
  const recipes: Array<{ text: string; line: number }> = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i]!;
    const line = i + 1;
    while (raw.endsWith('\\') && i + 1 < lines.length) raw = `${raw.slice(0, -1)} ${lines[++i]!.trim()}`;
    if (raw.startsWith('\t')) {
      recipes.push({ text: raw.trim().replace(/^[@+-]+/, ''), line });
      continue;
    }
    // `NAME = v`, `:=`, `::=` set it (the last one wins); `?=` only when unset; `+=` appends;
    // `!=` takes a command's output, unknown here.
    const assign = /^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*([:?+!]{0,3})=\s*(.*)$/.exec(raw);
    if (!assign) continue;
    const [, name, op, value] = assign as unknown as [string, string, string, string];
    const v = value.replace(/\s+#.*$/, '').trim();
    if ((op === '?' && vars.has(name)) || op === '!') continue;
    vars.set(name, op === '+' && vars.has(name) ? `${vars.get(name)} ${v}` : v);
  }
  return recipes.flatMap((r) => scriptTargets(makeExpand(r.text, vars), r.line, localPlace(file), tree, new Map(), 0, true));
}

/** `command=` values of INI-style files (supervisord `[program:x]`, and the like). */
export function iniTargets(text: string, tree: Tree): FoundTarget[] {
  const out: FoundTarget[] = [];
  const lines = splitLines(text);
  const place: Place = { cwd: '', toTree: treeSpace, fallback: '' };
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*command\s*[=:]\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const line = i + 1;
    let value = m[1]!;
    while (i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1]!) && !/^\s*[A-Za-z_][\w.-]*\s*[=:]/.test(lines[i + 1]!)) value += ` ${lines[++i]!.trim()}`;
    // supervisord's `%(ENV_NAME)s` expansions are unknown values.
    out.push(...scriptTargets(value.replace(/%\(([^)]*)\)s/g, '$$$1'), line, place, tree, new Map(), 0, true));
  }
  return out;
}

/** `name = module:attr [extras]` → a console-script target (the function is called: factory). */
export function consoleScript(spec: string, line: number, dir: string): FoundTarget | undefined {
  const m = /^\s*[^=\s]+\s*=\s*([^\s:[]+)\s*:\s*([^\s[]+)\s*(\[.*\])?\s*$/.exec(spec);
  if (!m) return undefined;
  const module = moduleOfPath(m[1]!);
  if (!module || !/^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(m[2]!)) return undefined;
  return { module, attr: m[2]!, factory: true, dir, server: 'script', line };
}

/** setup.cfg: `[options.entry_points]` → `console_scripts =` and its indented lines. */
export function setupCfgTargets(text: string, dir: string): FoundTarget[] {
  const out: FoundTarget[] = [];
  let section = '';
  let inScripts = false;
  splitLines(text).forEach((raw, i) => {
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1]!.trim();
      inScripts = false;
      return;
    }
    if (section !== 'options.entry_points') return;
    const key = /^([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(raw);
    if (key) {
      inScripts = key[1] === 'console_scripts';
      if (inScripts && key[2]!.trim()) add(key[2]!, i + 1);
    } else if (inScripts && /^\s+\S/.test(raw)) {
      add(raw, i + 1);
    } else if (raw.trim() !== '' && !raw.trim().startsWith('#') && !raw.trim().startsWith(';')) {
      inScripts = false;
    }
  });
  function add(spec: string, line: number): void {
    const t = consoleScript(spec, line, dir);
    if (t) out.push(t);
  }
  return out;
}

/**
 * setup.py: the `"name = module:attr"` strings of its `console_scripts` list. setup.py is Python,
 * read here as text: the strings in the brackets after `console_scripts`.
 */
export function setupPyTargets(text: string, dir: string): FoundTarget[] {
  const out: FoundTarget[] = [];
  for (const m of text.matchAll(/["']console_scripts["']\s*[:=]\s*\[([^\]]*)\]/g)) {
    const start = m.index + m[0].indexOf('[') + 1;
    for (const s of m[1]!.matchAll(/(["'])([^"'\n]*)\1/g)) {
      const line = text.slice(0, start + s.index).split('\n').length;
      const t = consoleScript(s[2]!, line, dir);
      if (t) out.push(t);
    }
  }
  return out;
}
