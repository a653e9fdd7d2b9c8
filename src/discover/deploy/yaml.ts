/**
 * YAML deployment files, read with `yaml` (every document of the file, with lines):
 *
 * - Compose files (a top-level `services` mapping): each service's `command` and `entrypoint`
 *   (a string is shell words, a list is the words themselves), alone and together, run in
 *   `working_dir`. A container path is mapped to the tree through the service's bind mounts
 *   (`./backend:/app`); otherwise the service's build context (or the compose file's folder) is
 *   the folder. `build:` also tells which Dockerfile is built with which context (`hints`).
 *   `${VAR:-default}` takes the default, as compose does when the variable is not set.
 * - Anything else (Kubernetes manifests, Helm templates): every mapping with a `command` list,
 *   joined with its `args`, run from the scan root (the manifest's folder says nothing about the
 *   code's). Helm's `{{ … }}` actions are blanked first so that templates parse.
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import type { Notice } from '../../types.js';
import { commandTargets, resolveIn, scriptTargets, treeSpace, type FoundTarget, type Place, type Tree } from './command.js';
import { splitCommands } from './shell.js';

export interface YamlTarget extends FoundTarget {
  compose: boolean;
}

/** Compose's own interpolation: `$$` is a dollar, `${VAR:-default}` / `${VAR-default}` the default (variables are unknown here). */
function interpolate(text: string): string {
  return text
    .replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?+])([^}]*))?\}|[A-Za-z_][A-Za-z0-9_]*)/g, (whole, what: string, name?: string, op?: string, word?: string) => {
      if (what === '$') return '$$';
      if (name !== undefined && op === '-') return word ?? '';
      return whole;
    })
    .replaceAll('$$', '$');
}

/** Helm/Go template actions: a line holding only actions goes blank, an inline action becomes `x`; newlines are kept. */
function blankTemplates(text: string): string {
  return text.replace(/^[ \t]*(\{\{[\s\S]*?\}\}[ \t]*)+$/gm, (m) => m.replace(/[^\n]/g, ' ')).replace(/\{\{[\s\S]*?\}\}/g, (m) => `x${m.replace(/[^\n]/g, '')}`);
}

const pairOf = (map: YAMLMap, key: string) => map.items.find((p) => isScalar(p.key) && p.key.value === key);
const get = (map: YAMLMap, key: string): unknown => pairOf(map, key)?.value;
const str = (n: unknown): string | undefined => (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined);

/** A `command` value: a list of words, or a string (shell words). */
type Words = { list: string[] } | { text: string };

function wordsOf(n: unknown): Words | undefined {
  if (isSeq(n))
    return {
      list: n.items
        .map((i) => str(i))
        .filter((s): s is string => s !== undefined)
        .map(interpolate),
    };
  const s = str(n);
  return s === undefined ? undefined : { text: interpolate(s) };
}

function asList(w: Words): string[] {
  return 'list' in w ? w.list : (splitCommands(w.text, new Map(), 0)[0]?.argv ?? []);
}

function targetsOf(w: Words, line: number, place: Place, tree: Tree): FoundTarget[] {
  return 'list' in w ? commandTargets(w.list, line, place, tree, new Map()) : scriptTargets(w.text, line, place, tree, new Map(), 0, true);
}

const dirOf = (file: string): string => (path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file));

/** Bind mounts of a service: container folder → tree folder. */
function mounts(service: YAMLMap, composeDir: string): Array<{ target: string; source: string }> {
  const out: Array<{ target: string; source: string }> = [];
  const volumes = get(service, 'volumes');
  if (!isSeq(volumes)) return out;
  for (const v of volumes.items) {
    let source: string | undefined;
    let target: string | undefined;
    const short = str(v);
    if (short) [source, target] = interpolate(short).split(':');
    else if (isMap(v) && str(get(v, 'type')) === 'bind') [source, target] = [str(get(v, 'source')), str(get(v, 'target'))];
    if (!source || !target || !(source.startsWith('.') || source.startsWith('/')) || !target.startsWith('/')) continue;
    const tree = source.startsWith('/') ? undefined : resolveIn(composeDir, source);
    if (tree !== undefined && treeSpace(tree) !== undefined) out.push({ target: resolveIn('/', target)!, source: tree });
  }
  return out;
}

function composeTargets(services: YAMLMap, file: string, tree: Tree, lineOf: (n: unknown) => number, hints: Map<string, string>): YamlTarget[] {
  const out: YamlTarget[] = [];
  const composeDir = dirOf(file);
  for (const pair of services.items) {
    const service = pair.value;
    if (!isMap(service)) continue;
    const build = get(service, 'build');
    let context: string | undefined;
    const buildText = str(build);
    if (buildText !== undefined) context = resolveIn(composeDir, interpolate(buildText));
    else if (isMap(build)) {
      context = resolveIn(composeDir, interpolate(str(get(build, 'context')) ?? '.'));
      const dockerfile = str(get(build, 'dockerfile'));
      if (context !== undefined && dockerfile) {
        const df = resolveIn(context, interpolate(dockerfile));
        if (df !== undefined && treeSpace(df) !== undefined) hints.set(df, context);
      }
    }
    if (context !== undefined && treeSpace(context) === undefined) context = undefined;
    if (buildText !== undefined && context !== undefined) hints.set(context ? `${context}/Dockerfile` : 'Dockerfile', context);
    const fallback = context ?? composeDir;
    const workdir = str(get(service, 'working_dir'));
    const binds = mounts(service, composeDir);
    const place: Place = workdir?.startsWith('/')
      ? {
          cwd: resolveIn('/', interpolate(workdir)),
          toTree: (p) => {
            const m = binds.find((b) => p === b.target || p.startsWith(b.target === '/' ? '/' : `${b.target}/`));
            if (!m) return undefined;
            const rest = p.slice(m.target.length).replace(/^\/+/, '');
            return rest ? (m.source ? `${m.source}/${rest}` : rest) : m.source;
          },
          fallback,
        }
      : { cwd: fallback, toTree: treeSpace, fallback };
    const commandPair = pairOf(service, 'command');
    const entryPair = pairOf(service, 'entrypoint');
    const command = wordsOf(commandPair?.value);
    const entry = wordsOf(entryPair?.value);
    const found: FoundTarget[] = [];
    if (command) found.push(...targetsOf(command, lineOf(commandPair!.key), place, tree));
    if (entry) found.push(...targetsOf(entry, lineOf(entryPair!.key), place, tree));
    if (command && entry) found.push(...commandTargets([...asList(entry), ...asList(command)], lineOf(entryPair!.key), place, tree, new Map()));
    out.push(...found.map((t) => ({ ...t, compose: true })));
  }
  return out;
}

/** Kubernetes-style containers anywhere in a document: `command` (+ `args`), run from the scan root. */
function manifestTargets(root: unknown, tree: Tree, lineOf: (n: unknown) => number): YamlTarget[] {
  const out: YamlTarget[] = [];
  const place: Place = { cwd: '', toTree: treeSpace, fallback: '' };
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isMap(n)) {
      const commandPair = pairOf(n, 'command');
      const command = wordsOf(commandPair?.value);
      if (command) {
        const line = lineOf(commandPair!.key);
        const args = wordsOf(get(n, 'args'));
        const found = args ? commandTargets([...asList(command), ...asList(args)], line, place, tree, new Map()) : [];
        found.push(...targetsOf(command, line, place, tree));
        out.push(...found.map((t) => ({ ...t, compose: false })));
      }
      for (const p of n.items) stack.push(p.value);
    } else if (isSeq(n)) {
      for (const i of n.items) stack.push(i);
    }
  }
  return out;
}

/**
 * The server targets of a YAML file. A syntax error gives a notice and no targets from the file.
 * `hints` collects which Dockerfile is built with which context (compose `build:`).
 */
export function yamlTargets(text: string, file: string, tree: Tree, notices: Notice[], hints: Map<string, string>): YamlTarget[] {
  const lineCounter = new LineCounter();
  const source = text.includes('{{') ? blankTemplates(text) : text;
  let docs;
  try {
    docs = parseAllDocuments(source, { lineCounter, uniqueKeys: false });
  } catch (e) {
    notices.push({ level: 'notice', file, message: `YAML error: ${(e as Error).message.split('\n')[0]}; no server targets read from it` });
    return [];
  }
  const list = Array.isArray(docs) ? docs : [];
  const error = list.flatMap((d) => d.errors)[0];
  if (error) {
    const line = error.linePos?.[0].line;
    notices.push({ level: 'notice', file, ...(line && { line }), message: `YAML syntax error: ${error.message.split('\n')[0]}; no server targets read from it` });
    return [];
  }
  const lineOf = (n: unknown): number => {
    const range = (n as Node | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const out: YamlTarget[] = [];
  for (const doc of list) {
    const root = doc.contents;
    const services = isMap(root) ? get(root, 'services') : undefined;
    if (isMap(services)) out.push(...composeTargets(services, file, tree, lineOf, hints));
    else out.push(...manifestTargets(root, tree, lineOf));
  }
  return out;
}
