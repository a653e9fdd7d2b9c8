/**
 * Finding and reading the config file: `.fastapi-audit.yml` / `.fastapi-audit.yaml` /
 * `[tool.fastapi-audit]` in `pyproject.toml` at the scan root (first found wins), or the file named
 * by `--config` / the `config` input. YAML is read with `yaml` (node ranges + LineCounter give
 * exact lines), TOML with `smol-toml` (lines from `toml-lines.ts`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { relInsideRoot } from '../discover/walk.js';
import type { Notice } from '../types.js';
import { ConfigError } from './errors.js';
import { tomlKeyLines, tomlLineOf } from './toml-lines.js';
import type { ConfigOrigin, KeyPath } from './validate.js';

/** A config file that was read: its display name, its data (the config's root table) and key lines. */
export interface ConfigSource extends ConfigOrigin {
  file: string;
  data: unknown;
  lineOf: (path: KeyPath) => number | undefined;
}

type Format = 'yaml' | 'toml' | 'pyproject';

const PYPROJECT_TABLE = ['tool', 'fastapi-audit'];
const AUTO_FILES: ReadonlyArray<{ name: string; format: Format }> = [
  { name: '.fastapi-audit.yml', format: 'yaml' },
  { name: '.fastapi-audit.yaml', format: 'yaml' },
  { name: 'pyproject.toml', format: 'pyproject' },
];

function formatOf(file: string): Format {
  if (path.basename(file) === 'pyproject.toml') return 'pyproject';
  return path.extname(file).toLowerCase() === '.toml' ? 'toml' : 'yaml';
}

/** The first line of a parser's message, without the position it repeats (we report our own). */
function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/^Invalid TOML document:\s*/, '')
    .replace(/\s+at line \d+, column \d+:?$/, '')
    .trim();
}

function readYaml(text: string, file: string): ConfigSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    throw new ConfigError({ file, line: err.linePos?.[0].line, problem: `YAML syntax error: ${firstLine(err.message)}` });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError({ file, problem: `YAML error: ${firstLine((e as Error).message)}` });
  }
  const lineAt = (n: Node | null | undefined): number | undefined => (n?.range ? lineCounter.linePos(n.range[0]).line : undefined);
  const lineOf = (keyPath: KeyPath): number | undefined => {
    let node: unknown = doc.contents;
    let line = lineAt(doc.contents);
    for (const seg of keyPath) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        line = lineAt(pair.key as Node) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        line = lineAt(node.items[seg] as Node) ?? line;
        node = node.items[seg];
      } else break;
    }
    return line;
  };
  return { file, data: data ?? {}, lineOf };
}

/** TOML: the whole document, or the `[tool.fastapi-audit]` table of a pyproject (undefined when absent). */
function readToml(text: string, file: string, table: readonly string[]): ConfigSource | undefined {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch (e) {
    if (e instanceof TomlError) throw new ConfigError({ file, line: e.line, problem: `TOML syntax error: ${firstLine(e.message)}` });
    throw e;
  }
  let data = doc;
  for (const key of table) data = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  if (data === undefined) return undefined;
  const lines = tomlKeyLines(text);
  return { file, data, lineOf: (keyPath) => tomlLineOf(lines, [...table, ...keyPath]) };
}

function readSource(text: string, file: string, format: Format): ConfigSource | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'yaml') return readYaml(body, file);
  return readToml(body, file, format === 'pyproject' ? PYPROJECT_TABLE : []);
}

/** The file's text; undefined when it does not exist; a ConfigError when it cannot be read. */
async function readText(abs: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError({ file, problem: `cannot read config file (${code ?? (e as Error).message})` });
  }
}

/** `root`-relative POSIX name when the file is inside the root, else the path as given. */
const displayName = (root: string, abs: string, given: string): string => relInsideRoot(path.resolve(root), abs) || given;

/** The file `--config` names; a missing or unreadable file is a ConfigError. */
async function explicitSource(root: string, cwd: string, configPath: string): Promise<ConfigSource> {
  const abs = path.resolve(cwd, configPath);
  const file = displayName(root, abs, configPath);
  const text = await readText(abs, file);
  if (text === undefined) throw new ConfigError({ file, problem: 'config file not found' });
  const source = readSource(text, file, formatOf(abs));
  if (!source) throw new ConfigError({ file, problem: 'no [tool.fastapi-audit] table in this file' });
  return source;
}

/** Whether a lower-precedence candidate holds a config (a broken one counts as not). */
function configures(text: string, file: string, format: Format): boolean {
  try {
    return readSource(text, file, format) !== undefined;
  } catch {
    return false;
  }
}

/** The config file at the scan root, if any, with notices about candidates that were not used. */
async function autoSource(root: string): Promise<{ source?: ConfigSource; notices: Notice[] }> {
  const notices: Notice[] = [];
  let source: ConfigSource | undefined;
  for (const { name, format } of AUTO_FILES) {
    const text = await readText(path.join(root, name), name);
    // A pyproject.toml that does not mention us is not parsed: its syntax is not our business.
    if (text === undefined || (format === 'pyproject' && !text.includes('fastapi-audit'))) continue;
    if (!source) {
      source = readSource(text, name, format);
    } else if (configures(text, name, format)) {
      notices.push({ level: 'warning', file: name, message: `${name} ignored: ${source.file} takes precedence` });
    }
  }
  return { ...(source && { source }), notices };
}

/**
 * The config file to use: the one named (must exist) or the one found at the root (may be none).
 * An empty `configPath` (an action input left blank) counts as not given.
 */
export async function findConfigSource(root: string, configPath: string | undefined, cwd: string): Promise<{ source?: ConfigSource; notices: Notice[] }> {
  if (configPath) return { source: await explicitSource(root, cwd, configPath), notices: [] };
  return autoSource(root);
}
