/**
 * pyproject.toml, read with smol-toml (lines from the config loader's key-line scan):
 *
 * - `[project.scripts]` and `[tool.poetry.scripts]` (a string, or `{ reference | callable }`):
 *   console scripts, `name = "pkg.cli:main"`, whose function is called (server `script`);
 * - `[tool.fastapi] entrypoint = "pkg.main:app"`: what `fastapi run` / `fastapi dev` serve;
 * - task runners' commands (`[tool.pdm.scripts]`, `[tool.poe.tasks]`, `[tool.taskipy.tasks]`,
 *   `[tool.hatch.envs.<env>.scripts]`, `[tool.rye.scripts]`): a string, a list of strings, or a
 *   table's `cmd` / `shell` / `script`, read as shell commands run from the project's folder.
 */
import { quote } from 'shell-quote';
import { parse as parseToml } from 'smol-toml';
import { tomlKeyLines, tomlLineOf } from '../../config/toml-lines.js';
import type { Notice } from '../../types.js';
import { parseTarget, scriptTargets, treeSpace, type FoundTarget, type Place, type Tree } from './command.js';
import { consoleScript } from './text.js';

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function at(data: Table, keys: readonly string[]): unknown {
  let v: unknown = data;
  for (const k of keys) v = isTable(v) ? v[k] : undefined;
  return v;
}

/** The first line of a smol-toml error, without the position it repeats. */
function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/^Invalid TOML document:\s*/, '')
    .trim();
}

/** `[tool.fastapi] entrypoint` of a pyproject's text; undefined when absent or unreadable. */
export function fastapiEntrypointOf(text: string): string | undefined {
  try {
    const v = at(parseToml(text) as Table, ['tool', 'fastapi', 'entrypoint']);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A task runner entry → the shell command strings it runs. */
function taskCommands(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  // PDM's `cmd` may be a list of words (one command); other runners' lists are lists of commands.
  if (isTable(v)) {
    if (Array.isArray(v.cmd)) return [quote(v.cmd.filter((x): x is string => typeof x === 'string'))];
    return ['cmd', 'shell', 'script'].flatMap((k) => (typeof v[k] === 'string' ? [v[k] as string] : []));
  }
  return [];
}

/**
 * The server targets of a pyproject.toml, imported from the project's folder `dir` (targets.ts
 * moves a console script to `src/` when its package lives there). A syntax error gives a notice.
 */
export function pyprojectTargets(text: string, file: string, tree: Tree, notices: Notice[], dir: string): FoundTarget[] {
  let data: Table;
  try {
    data = parseToml(text.replace(/^\uFEFF/, '')) as Table;
  } catch (e) {
    const line = (e as { line?: number }).line;
    notices.push({ level: 'notice', file, ...(line && { line }), message: `TOML syntax error: ${firstLine((e as Error).message)}; no server targets read from it` });
    return [];
  }
  const keyLines = tomlKeyLines(text);
  const lineOf = (keys: ReadonlyArray<string>): number => tomlLineOf(keyLines, keys) ?? 1;
  const out: FoundTarget[] = [];

  const scripts = (keys: string[]): void => {
    const table = at(data, keys);
    if (!isTable(table)) return;
    for (const [name, value] of Object.entries(table)) {
      const ref = typeof value === 'string' ? value : isTable(value) && (value.type === undefined || value.type === 'console') ? (value.reference ?? value.callable) : undefined;
      if (typeof ref !== 'string') continue;
      const t = consoleScript(`${name} = ${ref}`, lineOf([...keys, name]), dir);
      if (t) out.push(t);
    }
  };
  scripts(['project', 'scripts']);
  scripts(['tool', 'poetry', 'scripts']);

  const entrypoint = at(data, ['tool', 'fastapi', 'entrypoint']);
  const t = typeof entrypoint === 'string' ? parseTarget(entrypoint) : undefined;
  if (t) out.push({ module: t.module, attr: t.attr, factory: false, dir, server: 'fastapi', line: lineOf(['tool', 'fastapi', 'entrypoint']) });

  const place: Place = { cwd: dir, toTree: treeSpace, fallback: dir, home: dir };
  const tasks = (keys: string[]): void => {
    const table = at(data, keys);
    if (!isTable(table)) return;
    for (const [name, value] of Object.entries(table)) {
      for (const command of taskCommands(value)) {
        const line = lineOf([...keys, name]);
        out.push(...scriptTargets(command, line, place, tree, new Map(), 0, true));
      }
    }
  };
  tasks(['tool', 'pdm', 'scripts']);
  tasks(['tool', 'poe', 'tasks']);
  tasks(['tool', 'taskipy', 'tasks']);
  tasks(['tool', 'rye', 'scripts']);
  const hatchEnvs = at(data, ['tool', 'hatch', 'envs']);
  if (isTable(hatchEnvs)) for (const env of Object.keys(hatchEnvs)) tasks(['tool', 'hatch', 'envs', env, 'scripts']);
  return out;
}
