/**
 * Dockerfiles: `CMD` and `ENTRYPOINT` (exec form as JSON, shell form through the shell reader),
 * run in the stage's last `WORKDIR` with its `ENV`/`ARG` values. The container path the server
 * imports from is mapped back to the tree through the stage's `COPY`/`ADD` instructions
 * (`COPY ./app /code/app` + `WORKDIR /code` → the folder holding `app/`), following
 * `COPY --from=<stage>` into earlier stages; when nothing maps it, the build context is used.
 *
 * Instructions are cut the way Docker does it: parser directives (`# escape=`), comment lines,
 * line continuations (also across comment lines), heredocs skipped. Exec forms are JSON.parse'd,
 * shell forms and `ENV` go through shell-quote, `COPY` paths are whitespace-separated (as Docker
 * reads them), and `$VAR` / `${VAR:-word}` in them are the builder's own substitutions.
 */
import path from 'node:path';
import type { Notice } from '../../types.js';
import { resolveIn, scriptTargets, commandTargets, type FoundTarget, type Place, type Tree } from './command.js';
import { splitCommands, type Env } from './shell.js';

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** A file or folder the stage copies into the image: `dest` (absolute) ← `src` (tree path, or a path in another stage). */
interface Copy {
  dest: string;
  src: string;
  /** `src` is a folder (its contents land in `dest`); else a file landing at `dest`. */
  dir: boolean;
  from?: Stage;
}

interface Stage {
  name?: string;
  /** The earlier stage this one is built `FROM`: its copies are in this image too. */
  parent?: Stage;
  workdir: string;
  env: Env;
  copies: Copy[];
  /** `CMD`/`ENTRYPOINT` instructions, in order: exec-form words, or a shell-form script. */
  runs: Array<{ keyword: 'CMD' | 'ENTRYPOINT'; argv?: string[]; script?: string; line: number }>;
}

/** Cuts a Dockerfile into instructions (joined continuation lines), skipping comments and heredoc bodies. */
function instructions(text: string): Instruction[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let escape = '\\';
  // Parser directives: `# key=value` lines before anything else.
  for (const raw of lines) {
    const m = /^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(raw);
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const out: Instruction[] = [];
  let parts: string[] = [];
  let start = 0;
  let heredoc: string | undefined;
  const finish = (): void => {
    const m = /^(\S+)\s*(.*)$/s.exec(parts.join(' ').trim());
    parts = [];
    if (!m) return;
    const keyword = m[1]!.toUpperCase();
    out.push({ keyword, args: m[2]!, line: start });
    // `RUN <<EOF` … `EOF`: the body is not instructions.
    const here = /<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(m[2]!);
    if (here && (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD')) heredoc = here[1];
  };
  lines.forEach((raw, i) => {
    if (heredoc !== undefined) {
      if (raw.replace(/^\t+/, '') === heredoc) heredoc = undefined;
      return;
    }
    const trimmed = raw.trim();
    // Empty and comment lines: skipped between instructions, dropped inside a continuation.
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (parts.length === 0) start = i + 1;
    const continued = trimmed.endsWith(escape);
    parts.push(continued ? trimmed.slice(0, -1) : trimmed);
    if (!continued) finish();
  });
  if (parts.length > 0) finish();
  return out;
}

/** `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR:+word}` in WORKDIR, COPY and ARG values: the builder's own substitutions. */
function expand(text: string, env: Env): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, op?: string, word?: string, bare?: string) => {
    const value = env.get((braced ?? bare)!);
    if (op === '-') return value || word!;
    if (op === '+') return value ? word! : '';
    return value ?? whole;
  });
}

/** A JSON array of strings (the exec form), or undefined. */
function jsonArray(args: string): string[] | undefined {
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** `--from=x --chown=a:b src... dest` (or the JSON form) → flags and paths. */
function copyArgs(args: string, env: Env): { flags: Map<string, string>; paths: string[] } {
  const flags = new Map<string, string>();
  let rest = args;
  for (let m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); m; m = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags.set(m[1]!, m[2] ?? '');
    rest = rest.slice(m[0].length);
  }
  const paths = rest.trim().startsWith('[') ? jsonArray(rest.trim()) : rest.trim().split(/\s+/);
  return { flags, paths: (paths ?? []).map((p) => expand(p, env)) };
}

const isGlob = (p: string): boolean => /[*?[]/.test(p);
const isUrl = (p: string): boolean => /^[a-z]+:\/\//i.test(p) || p.startsWith('git@');

/** `p` relative to the context (tree path), or undefined when it leaves the tree. */
function inContext(context: string, p: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(context || '.', p.replace(/^\/+/, ''))).replace(/\/+$/, '');
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined;
}

interface Parsed {
  stages: Stage[];
  /** COPY/ADD sources read from the context (to guess the context when nobody says it). */
  sources: string[];
}

function parse(
  list: readonly Instruction[],
  args: Env,
  notices: Notice[],
  file: string,
  pendingCopies: Array<{ stage: Stage; src: string; dest: string; multi: boolean; from?: string }>,
): Parsed {
  const stages: Stage[] = [];
  const sources: string[] = [];
  let stage: Stage | undefined;
  const byName = new Map<string, Stage>();
  for (const ins of list) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const base = byName.get((words[0] ?? '').toLowerCase());
      stage = base ? { parent: base, workdir: base.workdir, env: new Map(base.env), copies: [], runs: [] } : { workdir: '/', env: new Map(args), copies: [], runs: [] };
      if (words[1]?.toLowerCase() === 'as' && words[2]) {
        stage.name = words[2].toLowerCase();
        byName.set(stage.name, stage);
      }
      stages.push(stage);
      continue;
    }
    if (ins.keyword === 'ARG') {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(ins.args.trim());
      if (m?.[2] !== undefined) (stage?.env ?? args).set(m[1]!, expand(m[2], stage?.env ?? args));
      continue;
    }
    if (!stage) continue;
    switch (ins.keyword) {
      case 'ENV': {
        const words = splitCommands(ins.args, new Map(stage.env), 0)[0]?.argv ?? [];
        if (words.length > 0 && !words[0]!.includes('='))
          stage.env.set(words[0]!, words.slice(1).join(' ')); // ENV KEY value
        else for (const w of words) if (w.includes('=')) stage.env.set(w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1));
        break;
      }
      case 'WORKDIR':
        stage.workdir = resolveIn(stage.workdir, expand(ins.args.trim(), stage.env)) ?? stage.workdir;
        break;
      case 'COPY':
      case 'ADD': {
        const { flags, paths } = copyArgs(ins.args, stage.env);
        if (paths.length < 2) break;
        const rawDest = paths[paths.length - 1]!;
        const dest = resolveIn(stage.workdir, rawDest)!;
        // A file lands inside `dest` when it is a folder: written with a trailing `/`, several
        // sources, or a folder that exists already (the WORKDIR and the folders above it).
        const multi = paths.length > 2 || rawDest.endsWith('/') || rawDest === '.' || dest === stage.workdir || stage.workdir.startsWith(dest === '/' ? '/' : `${dest}/`);
        for (const src of paths.slice(0, -1)) {
          if (isUrl(src) || isGlob(src)) continue;
          if (!flags.has('from')) sources.push(src);
          pendingCopies.push({ stage, src, dest: dest || '/', multi, ...(flags.has('from') && { from: flags.get('from')! }) });
        }
        break;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const trimmed = ins.args.trim();
        const argv = trimmed.startsWith('[') ? jsonArray(trimmed) : undefined;
        if (trimmed.startsWith('[') && !argv) {
          notices.push({ level: 'notice', file, line: ins.line, message: `${ins.keyword} is not a valid JSON array; read as shell form, as Docker does` });
        }
        stage.runs.push(argv ? { keyword: ins.keyword, argv, line: ins.line } : { keyword: ins.keyword, script: trimmed, line: ins.line });
        break;
      }
    }
  }
  return { stages, sources };
}

/** A container path of `stage` → its tree path, through the copies of the stage and the stages it is built on (latest first). */
function mapPath(stage: Stage, p: string, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  let above: string | undefined;
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    for (const c of [...s.copies].reverse()) {
      const src = c.from ? mapPath(c.from, c.src, depth + 1) : c.src;
      if (src === undefined) continue;
      if (p === c.dest || (c.dir && p.startsWith(c.dest === '/' ? '/' : `${c.dest}/`))) {
        const rest = p.slice(c.dest.length).replace(/^\/+/, '');
        return rest ? (src ? `${src}/${rest}` : rest) : src;
      }
      // The working directory holds a copied file (`COPY main.py /app/`), or is above a copied
      // folder (`COPY ./app /code/app`, `WORKDIR /code`).
      if (!c.dir && above === undefined && path.posix.dirname(c.dest) === p) {
        const d = path.posix.dirname(src);
        above = d === '.' ? '' : d;
      } else if (c.dir && above === undefined && c.dest.startsWith(p === '/' ? '/' : `${p}/`)) {
        const suffix = c.dest.slice(p.length).replace(/^\/+/, '');
        if (src === suffix) above = '';
        else if (src.endsWith(`/${suffix}`)) above = src.slice(0, -suffix.length - 1);
      }
    }
  }
  return above;
}

/**
 * The server targets of a Dockerfile. `context`: the build context (tree path) when a compose
 * file names it; otherwise the Dockerfile's folder or the nearest folder above it that holds
 * every file the Dockerfile copies (`docker build -f docker/Dockerfile .`).
 */
export function dockerfileTargets(text: string, file: string, tree: Tree, notices: Notice[], context?: string): FoundTarget[] {
  const list = instructions(text);
  const pending: Array<{ stage: Stage; src: string; dest: string; multi: boolean; from?: string }> = [];
  const { stages, sources } = parse(list, new Map(), notices, file, pending);
  const ctx = context ?? guessContext(file, sources, tree);
  const byName = new Map(stages.filter((s) => s.name).map((s) => [s.name!, s]));
  for (const p of pending) {
    const from = p.from === undefined ? undefined : byName.get(p.from.toLowerCase());
    if (p.from !== undefined && !from) continue; // an external image
    const src = from ? resolveIn('/', p.src)! : inContext(ctx, p.src);
    if (src === undefined) continue;
    const dir = from ? !path.posix.extname(src) : tree.isDir(src);
    const dest = !dir && p.multi ? path.posix.join(p.dest, path.posix.basename(src)) : p.dest;
    p.stage.copies.push({ dest, src, dir, ...(from && { from }) });
  }
  const out: FoundTarget[] = [];
  for (const stage of stages) {
    const place: Place = { cwd: stage.workdir, toTree: (p) => mapPath(stage, p), fallback: ctx };
    const run = (r: Stage['runs'][number]): FoundTarget[] =>
      r.argv ? commandTargets(r.argv, r.line, place, tree, new Map(stage.env)) : scriptTargets(r.script!, r.line, place, tree, new Map(stage.env), 0, true);
    for (const r of stage.runs) out.push(...run(r));
    // ENTRYPOINT ["uvicorn"] + CMD ["app.main:app"]: the two together are the command.
    const entry = stage.runs.filter((r) => r.keyword === 'ENTRYPOINT').at(-1);
    const cmd = stage.runs.filter((r) => r.keyword === 'CMD').at(-1);
    if (entry?.argv && cmd?.argv) out.push(...commandTargets([...entry.argv, ...cmd.argv], cmd.line, place, tree, new Map(stage.env)));
  }
  return out;
}

function guessContext(file: string, sources: readonly string[], tree: Tree): string {
  const own = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
  if (sources.length === 0) return own;
  for (let dir = own; ; dir = path.posix.dirname(dir) === '.' ? '' : path.posix.dirname(dir)) {
    if (
      sources.every((s) => {
        const rel = inContext(dir, s);
        return rel !== undefined && (rel === '' || tree.isFile(rel) || tree.isDir(rel));
      })
    )
      return dir;
    if (dir === '') return own;
  }
}
