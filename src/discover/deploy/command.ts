/**
 * Server command lines → server targets. A command starts a server when one of its words is a
 * server's executable (`uvicorn`, `/app/.venv/bin/gunicorn`) or `-m <server>`: whatever runs
 * before it (`exec`, `poetry run`, `uv run --no-sync`, `opentelemetry-instrument`, `dumb-init --`,
 * `python -m`) is a wrapper. Commands that only mention a server (`pip install uvicorn`,
 * `which gunicorn`, `pkill -f uvicorn`) are not starts.
 *
 * Each server's options that take a value are listed, so `--host 0.0.0.0`, `-w 4` or
 * `-b 0.0.0.0:8000` are never read as the target; the target is then the first remaining word
 * shaped like one (`module:attr`, `module:factory()`), so an option we do not know costs nothing
 * unless its value looks like `module:attr` itself.
 */
import path from 'node:path';
import { scriptCommands, type Env } from './shell.js';

type ServerName = 'uvicorn' | 'gunicorn' | 'hypercorn' | 'granian' | 'fastapi' | 'daphne';

/** A target found in a command, before the file and its kind are attached. */
export interface FoundTarget {
  module: string;
  attr: string;
  factory: boolean;
  dir: string;
  server: ServerName | 'script';
  line: number;
}

/** What commands may ask about the scanned tree (POSIX paths relative to the scan root). */
export interface Tree {
  isFile(rel: string): boolean;
  isDir(rel: string): boolean;
  /** `[tool.fastapi] entrypoint` of the `pyproject.toml` in a folder, if any. */
  fastapiEntrypoint(dir: string): string | undefined;
}

/**
 * Where a command runs. Paths are in the file's own space: relative to the scan root for files
 * run in the tree (shell scripts, Procfile, Makefile), absolute container paths for a Dockerfile
 * or a compose service. `toTree` maps a path of that space to the tree (undefined: no place in
 * it), and `fallback` is the folder used when the working directory cannot be mapped.
 */
export interface Place {
  /** The working directory; undefined when unknown (`cd $SOMEWHERE`). */
  cwd: string | undefined;
  toTree(p: string): string | undefined;
  fallback: string;
  /** The folder of the script itself, for `cd "$(dirname "$0")"`. */
  home?: string;
}

const SERVERS: ReadonlySet<string> = new Set<ServerName>(['uvicorn', 'gunicorn', 'hypercorn', 'granian', 'fastapi', 'daphne']);
const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

/** First words of commands that mention a server without starting it. */
// prettier-ignore
const NOT_A_START: ReadonlySet<string> = new Set([
  'pip', 'pip3', 'pipx', 'apt-get', 'apt', 'apk', 'yum', 'dnf', 'brew', 'echo', 'printf', 'which', 'type', 'command',
  'hash', 'kill', 'pkill', 'killall', 'pgrep', 'grep', 'ps', 'test', '[', '[[', 'cat', 'ls', 'rm', 'cp', 'mv', 'mkdir',
  'chmod', 'chown', 'sed', 'awk', 'curl', 'wget', 'git', 'source', '.', 'tail', 'head', 'touch', 'export', 'alias',
]);
/** Words that, before the server's, mean a package manager is handling it (`poetry add uvicorn`). */
const NOT_BEFORE: ReadonlySet<string> = new Set(['install', 'add', 'remove', 'uninstall', 'show', 'download', 'upgrade', 'update', 'info', 'list', 'lock']);

interface Spec {
  /** Long options (without `--`) that take a value: the next word, or after `=`. */
  valued: readonly string[];
  /** Short options that take a value: `-w 4`, `-w4`. */
  short: string;
  /** Options naming the folder the server imports from: a working directory, or a path entry under it. */
  dirs?: Readonly<Record<string, 'cwd' | 'path'>>;
  /** The attribute a target without `:attr` names, where the server allows that. */
  bareAttr?: string;
}

const SPECS: Readonly<Record<ServerName, Spec>> = {
  uvicorn: {
    valued: [
      'host',
      'port',
      'uds',
      'fd',
      'reload-dir',
      'reload-include',
      'reload-exclude',
      'reload-delay',
      'workers',
      'loop',
      'http',
      'ws',
      'ws-max-size',
      'ws-max-queue',
      'ws-ping-interval',
      'ws-ping-timeout',
      'ws-per-message-deflate',
      'lifespan',
      'interface',
      'env-file',
      'log-config',
      'log-level',
      'root-path',
      'limit-concurrency',
      'backlog',
      'limit-max-requests',
      'limit-max-requests-jitter',
      'timeout-keep-alive',
      'timeout-graceful-shutdown',
      'timeout-worker-healthcheck',
      'ssl-keyfile',
      'ssl-certfile',
      'ssl-keyfile-password',
      'ssl-version',
      'ssl-cert-reqs',
      'ssl-ca-certs',
      'ssl-ciphers',
      'header',
      'forwarded-allow-ips',
      'app-dir',
      'h11-max-incomplete-event-size',
    ],
    short: '',
    dirs: { 'app-dir': 'cwd' },
  },
  gunicorn: {
    valued: [
      'config',
      'bind',
      'backlog',
      'workers',
      'worker-class',
      'threads',
      'worker-connections',
      'max-requests',
      'max-requests-jitter',
      'timeout',
      'graceful-timeout',
      'keep-alive',
      'limit-request-line',
      'limit-request-fields',
      'limit-request-field_size',
      'reload-engine',
      'reload-extra-file',
      'chdir',
      'pythonpath',
      'env',
      'pid',
      'worker-tmp-dir',
      'user',
      'group',
      'umask',
      'forwarded-allow-ips',
      'access-logfile',
      'access-logformat',
      'error-logfile',
      'log-file',
      'log-level',
      'logger-class',
      'log-config',
      'log-config-json',
      'log-config-dict',
      'log-syslog-to',
      'log-syslog-prefix',
      'log-syslog-facility',
      'statsd-host',
      'statsd-prefix',
      'dogstatsd-tags',
      'name',
      'proxy-allow-from',
      'keyfile',
      'certfile',
      'ssl-version',
      'cert-reqs',
      'ca-certs',
      'ciphers',
      'paste',
      'paster',
      'header-map',
      'forwarder-headers',
      'max-requests',
      'worker-tmp-dir',
    ],
    short: 'bcwktepugmn',
    dirs: { chdir: 'cwd', pythonpath: 'path' },
    bareAttr: 'application',
  },
  hypercorn: {
    valued: [
      'access-logfile',
      'access-logformat',
      'backlog',
      'bind',
      'ca-certs',
      'certfile',
      'cert-reqs',
      'ciphers',
      'config',
      'error-logfile',
      'log-file',
      'graceful-timeout',
      'read-timeout',
      'max-requests',
      'max-requests-jitter',
      'group',
      'worker-class',
      'keep-alive',
      'keyfile',
      'keyfile-password',
      'insecure-bind',
      'log-config',
      'log-level',
      'pid',
      'quic-bind',
      'root-path',
      'server-name',
      'statsd-host',
      'statsd-prefix',
      'umask',
      'user',
      'verify-mode',
      'websocket-ping-interval',
      'workers',
    ],
    short: 'bcgkmpuw',
    bareAttr: 'app',
  },
  granian: {
    valued: [
      'host',
      'port',
      'interface',
      'http',
      'workers',
      'blocking-threads',
      'blocking-threads-idle-timeout',
      'runtime-threads',
      'runtime-blocking-threads',
      'runtime-mode',
      'loop',
      'task-impl',
      'backlog',
      'backpressure',
      'http1-buffer-size',
      'http1-header-read-timeout',
      'http1-max-buffer-size',
      'http2-initial-connection-window-size',
      'http2-initial-stream-window-size',
      'http2-keep-alive-interval',
      'http2-keep-alive-timeout',
      'http2-max-concurrent-streams',
      'http2-max-frame-size',
      'http2-max-headers-size',
      'http2-max-send-buffer-size',
      'log-level',
      'log-config',
      'access-log-fmt',
      'ssl-keyfile',
      'ssl-certificate',
      'ssl-keyfile-password',
      'ssl-protocol-min',
      'ssl-ca',
      'ssl-crl',
      'url-path-prefix',
      'respawn-interval',
      'rss-sample-interval',
      'rss-samples',
      'workers-lifetime',
      'workers-kill-timeout',
      'workers-max-rss',
      'reload-paths',
      'reload-ignore-dirs',
      'reload-ignore-patterns',
      'reload-ignore-paths',
      'reload-tick',
      'reload-filter',
      'process-name',
      'pid-file',
      'working-dir',
      'env-files',
      'static-path-route',
      'static-path-mount',
      'static-path-expires',
      'uds',
      'uds-permissions',
      'metrics-address',
      'metrics-port',
      'metrics-scrape-interval',
    ],
    short: '',
    dirs: { 'working-dir': 'cwd' },
  },
  daphne: {
    valued: [
      'port',
      'bind',
      'unix-socket',
      'fd',
      'endpoint',
      'verbosity',
      'http-timeout',
      'access-log',
      'log-fmt',
      'ping-interval',
      'ping-timeout',
      'application-close-timeout',
      'root-path',
      'proxy-headers-host',
      'proxy-headers-port',
      'websocket_timeout',
      'websocket_connect_timeout',
      'server-name',
    ],
    short: 'pbuetvs',
  },
  fastapi: {
    valued: ['host', 'port', 'workers', 'root-path', 'app', 'entrypoint', 'forwarded-allow-ips', 'log-level'],
    short: 'e',
  },
};

/** Files `fastapi run` / `fastapi dev` try, in order, when given no path (FastAPI CLI's own list). */
const FASTAPI_DEFAULT_PATHS = ['main.py', 'app.py', 'api.py', 'app/main.py', 'app/app.py', 'app/api.py'];

const IDENT = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const DOTTED = `${IDENT}(?:\\.${IDENT})*`;
const DOTTED_ONLY = new RegExp(`^${DOTTED}$`, 'u');
// `module:attr`, `module:factory()` / `module:factory(arg=1)` (gunicorn, hypercorn), `path/to/file.py:attr`.
const TARGET = new RegExp(`^(${DOTTED}|[^:\\s$]+\\.py):(${DOTTED})(\\(.*\\))?$`, 'su');

/** `app/main.py` → `app.main`; `./main.py` → `main`; a dotted module as is; undefined when neither. */
export function moduleOfPath(text: string): string | undefined {
  if (!text.endsWith('.py')) return DOTTED_ONLY.test(text) ? text : undefined;
  const dotted = path.posix
    .normalize(text.slice(0, -3))
    .replace(/^(\.\.?\/)+/, '')
    .replaceAll('/', '.');
  return DOTTED_ONLY.test(dotted) ? dotted : undefined;
}

/** `m:attr`, `m:attr()`, `m` (with the server's default attribute) → its parts. */
export function parseTarget(text: string, bareAttr?: string): { module: string; attr: string; call: boolean } | undefined {
  const m = TARGET.exec(text);
  if (m) {
    const module = moduleOfPath(m[1]!);
    return module ? { module, attr: m[2]!, call: m[3] !== undefined } : undefined;
  }
  return bareAttr && DOTTED_ONLY.test(text) ? { module: text, attr: bareAttr, call: false } : undefined;
}

/** `p` in the place's space, from `cwd` (POSIX; '' is the root of a relative space). */
export function resolveIn(cwd: string | undefined, p: string): string | undefined {
  if (p.includes('$')) return undefined;
  if (p.startsWith('/')) return path.posix.normalize(p).replace(/(.)\/+$/, '$1');
  if (cwd === undefined) return undefined;
  const joined = path.posix.normalize(path.posix.join(cwd || '.', p)).replace(/(.)\/+$/, '$1');
  return joined === '.' ? '' : joined;
}

/** For files run in the tree: a relative path that stays inside the root is its own tree path. */
export function treeSpace(p: string): string | undefined {
  if (p.startsWith('/') || p === '..' || p.startsWith('../')) return undefined;
  return p;
}

/** The tree folder for a working directory of the place. */
function treeDir(place: Place, cwd: string | undefined): string {
  return (cwd === undefined ? undefined : place.toTree(cwd)) ?? place.fallback;
}

/**
 * The servers a command may start, each with the words after it: every server word, in order
 * (`uv run --with fastapi uvicorn app:app` names `fastapi` first, which starts nothing). None when
 * the command is a package manager's or a shell utility's.
 */
function serverWords(argv: readonly string[]): Array<{ server: ServerName; args: string[] }> {
  const out: Array<{ server: ServerName; args: string[] }> = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (SERVERS.has(path.posix.basename(word))) out.push({ server: path.posix.basename(word) as ServerName, args: argv.slice(i + 1) });
    else if (word === '-m' && SERVERS.has(argv[i + 1] ?? '')) out.push({ server: argv[++i] as ServerName, args: argv.slice(i + 1) });
  }
  if (out.length === 0) return out;
  const before = argv.slice(0, argv.length - out[0]!.args.length);
  const first = before.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  if ((first && NOT_A_START.has(path.posix.basename(first))) || before.some((w) => NOT_BEFORE.has(w))) return [];
  return out;
}

interface ParsedArgs {
  positionals: string[];
  /** Long options by name (without dashes) and short ones by letter, last value wins; flags map to ''. */
  options: Map<string, string>;
  /** Options that set the import folder, in order. */
  dirOptions: Array<{ kind: 'cwd' | 'path'; value: string }>;
}

function parseArgs(args: readonly string[], spec: Spec): ParsedArgs {
  const valued = new Set(spec.valued);
  const out: ParsedArgs = { positionals: [], options: new Map(), dirOptions: [] };
  const set = (name: string, value: string): void => {
    out.options.set(name, value);
    const kind = spec.dirs?.[name];
    if (kind && value) out.dirOptions.push({ kind, value });
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) set(name, a.slice(eq + 1));
      else if (valued.has(name)) set(name, args[++i] ?? '');
      else set(name, '');
    } else if (a.startsWith('-') && a.length > 1) {
      const letter = a[1]!;
      if (spec.short.includes(letter)) set(letter, a.length > 2 ? a.slice(2).replace(/^=/, '') : (args[++i] ?? ''));
      else set(letter, '');
    } else {
      out.positionals.push(a);
    }
  }
  return out;
}

/** The working directory after the server's own folder options (`--app-dir`, `--chdir`, `--pythonpath`). */
function importCwd(place: Place, parsed: ParsedArgs): string | undefined {
  let cwd = place.cwd;
  for (const { kind, value } of parsed.dirOptions) {
    const first = kind === 'path' ? value.split(/[,:]/)[0]! : value;
    cwd = resolveIn(cwd, first);
  }
  return cwd;
}

/**
 * `fastapi run|dev [PATH] [--app NAME] [--entrypoint module:attr]`: FastAPI CLI imports the file or
 * package PATH (default: the first of FASTAPI_DEFAULT_PATHS that exists) from the first folder
 * above it without an `__init__.py`, and takes `--app` (default `app`).
 */
function fastapiTargets(parsed: ParsedArgs, place: Place, tree: Tree, line: number): FoundTarget[] {
  const [command, given] = parsed.positionals;
  if (command !== 'run' && command !== 'dev') return [];
  const cwdTree = treeDir(place, place.cwd);
  const entrypoint = parsed.options.get('entrypoint') || parsed.options.get('e') || (given === undefined ? tree.fastapiEntrypoint(cwdTree) : undefined);
  if (entrypoint) {
    const t = parseTarget(entrypoint);
    return t ? [{ module: t.module, attr: t.attr, factory: false, dir: cwdTree, server: 'fastapi', line }] : [];
  }
  const attr = parsed.options.get('app') || 'app';
  const candidates = given === undefined ? FASTAPI_DEFAULT_PATHS : [given];
  for (const candidate of candidates) {
    const resolved = resolveIn(place.cwd, candidate);
    const rel = resolved === undefined ? undefined : place.toTree(resolved);
    if (rel !== undefined && (tree.isFile(rel) || (given !== undefined && tree.isDir(rel)))) {
      const found = packageOf(rel, tree);
      if (found) return [{ ...found, attr, factory: false, server: 'fastapi', line }];
    } else if (given !== undefined) {
      // Not in the tree (a path inside an image we cannot map): its dotted form, from the working directory.
      const module = moduleOfPath(given.replace(/\/+$/, ''));
      return module ? [{ module, attr, factory: false, dir: cwdTree, server: 'fastapi', line }] : [];
    }
  }
  return [];
}

/** A `.py` file or package folder → its dotted module, counted from the first folder above without `__init__.py`. */
function packageOf(rel: string, tree: Tree): { module: string; dir: string } | undefined {
  let modulePath = rel;
  if (path.posix.basename(rel) === '__init__.py') modulePath = path.posix.dirname(rel);
  const parts = [path.posix.basename(modulePath).replace(/\.py$/, '')];
  let dir = parent(modulePath);
  while (dir !== '' && tree.isFile(`${dir}/__init__.py`)) {
    parts.unshift(path.posix.basename(dir));
    dir = parent(dir);
  }
  const module = parts.join('.');
  return DOTTED_ONLY.test(module) ? { module, dir } : undefined;
}

const parent = (rel: string): string => {
  const d = path.posix.dirname(rel);
  return d === '.' ? '' : d;
};

/** Targets of one simple command (recursing into `sh -c "..."`). */
export function commandTargets(argv: readonly string[], line: number, place: Place, tree: Tree, env: Env, depth = 0): FoundTarget[] {
  const shell = SHELLS.has(path.posix.basename(argv[0] ?? ''));
  const c = shell ? argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a)) : -1;
  if (c > 0 && argv[c + 1] !== undefined) return depth < 4 ? scriptTargets(argv[c + 1]!, line, place, tree, new Map(env), depth + 1, true) : [];
  for (const { server, args } of serverWords(argv)) {
    const found = serverTargets(server, args, line, place, tree);
    if (found.length > 0) return found;
  }
  return [];
}

function serverTargets(server: ServerName, args: readonly string[], line: number, place: Place, tree: Tree): FoundTarget[] {
  const spec = SPECS[server];
  const parsed = parseArgs(args, spec);
  if (server === 'fastapi') return fastapiTargets(parsed, place, tree, line);
  for (const word of parsed.positionals) {
    const t = parseTarget(word, parsed.positionals.length === 1 ? spec.bareAttr : undefined);
    if (!t) continue;
    const factory = t.call || parsed.options.has('factory');
    return [{ module: t.module, attr: t.attr, factory, dir: treeDir(place, importCwd(place, parsed)), server, line }];
  }
  return [];
}

/**
 * Targets of a script's commands, in order, following `cd`: a literal folder, `..`, or the
 * script's own (`cd "$(dirname "$0")"`); `cd $VAR` makes the folder unknown.
 * `oneLine`: every command is reported on `firstLine` (a `sh -c` string, a Dockerfile instruction).
 */
export function scriptTargets(text: string, firstLine: number, place: Place, tree: Tree, env: Env, depth = 0, oneLine = false): FoundTarget[] {
  const out: FoundTarget[] = [];
  let cwd = place.cwd;
  for (const cmd of scriptCommands(text, env, firstLine)) {
    const line = oneLine ? firstLine : cmd.line;
    if (cmd.argv[0] === 'cd' || cmd.argv[0] === 'pushd') {
      const to = cmd.argv[1];
      if (to === undefined || to === '~') cwd = undefined;
      else if (to.includes('$(dirname')) {
        // `cd "$(dirname "$0")/.."`: from the script's own folder.
        const rest = /\)(.*)$/.exec(to)?.[1]?.replace(/^\/+/, '') ?? '';
        cwd = place.home === undefined ? undefined : resolveIn(place.home, rest || '.');
      } else cwd = resolveIn(cwd, to);
      continue;
    }
    out.push(...commandTargets(cmd.argv, line, { ...place, cwd }, tree, env, depth));
  }
  return out;
}
