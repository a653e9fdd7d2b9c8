/**
 * The engine both entry points share: discover → parse (worker pool, prefilter, parse on demand) →
 * link → rules → inline suppressions → (baseline). Pure data out; reporters turn it into files.
 */
import path from 'node:path';
import { isLogin, publicBecause, publicRouteMatcher } from '../config/public.js';
import { publicByCode } from '../analysis/public-code.js';
import type { Config } from '../config/types.js';
import { discover, type ExcludedDir } from '../discover/index.js';
import { entryNotices, entryTargets } from './entrypoints.js';
import { buildsApps } from '../model/entrypoints.js';
import { AuthConfig } from '../analysis/auth-config.js';
import { blocksOf, mentions } from '../analysis/ir.js';
import type { Comment, FileFacts, Stmt } from '../facts/ir.js';
import { ModuleIndex, moduleKey, type ModuleFile } from '../model/modules.js';
import { importedTops, link, type Project, type RouteInfo } from '../model/project.js';
import type { ParseJob } from '../parse/job.js';
import { ParsePool } from '../parse/pool.js';
import { RULES } from '../rules/index.js';
import { toFinding, type Report, type Rule } from '../rules/types.js';
import { applyInlineSuppressions, isMarkedPublic, publicMarkers } from '../suppress/inline.js';
import { SUPPRESSION_RULES } from '../suppress/rules.js';
import type { Finding, Inventory, InventoryRoute, Notice, RuleMeta, Severity } from '../types.js';
import type { InstRec } from '../model/values.js';
import { exampleCode } from '../analysis/apps.js';

export interface ScanOptions {
  /** The scan root: findings and inventory paths are relative to it. */
  root: string;
  /** Files or directories under the root to scan (default: the root). */
  paths?: string[];
  config: Config;
  /** Worker threads (default: the machine's cores; 1 = in-process). */
  threads?: number;
  /** Parse every file, not only those the literal prefilter (or an import) selects. */
  noPrefilter?: boolean;
  /** What the user named as the place to scan (the CLI's PATH, the action's `path`), for messages; default `.` or the `paths`. */
  label?: string;
}

interface ScanStats {
  files: number;
  parsed: number;
  filtered: number;
  bytes: number;
  /** Wall time of each stage and in all, in milliseconds. */
  ms: { discover: number; parse: number; link: number; rules: number; total: number };
  /** What each built-in exclude kept out. */
  excluded: ExcludedDir[];
  /** Entry points the linker ran, by kind (DESIGN.md "Entry points"). */
  roots: Record<string, number>;
}

export interface ScanResult {
  root: string;
  findings: Finding[];
  inventory: Inventory;
  notices: Notice[];
  /** Metadata of the rules that ran (for SARIF `rules[]`). */
  rules: RuleMeta[];
  /** Effective severity per rule id (config overrides applied). */
  severityOf: (ruleId: string) => Severity;
  project: Project;
  stats: ScanStats;
}

/** Every rule the config may name, including the suppression rules. */
export const KNOWN_RULES = [...RULES.map((r) => r.meta), ...SUPPRESSION_RULES].map((m) => ({ id: m.id, name: m.name }));

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const root = path.resolve(opts.root);
  const { config } = opts;
  const notices: Notice[] = [];

  const found = await discover({ root, paths: opts.paths, include: config.include, exclude: config.exclude, maxFileBytes: config.maxFileBytes });
  const targets = entryTargets(found.targets, config);
  notices.push(...found.notices);
  const files = found.files;
  if (!files.length)
    notices.push(noPythonFilesNotice(opts.label ?? (opts.paths?.length ? opts.paths.map((p) => relLabel(root, p)).join(', ') : '.'), config, found.notices.length));
  const tDiscover = performance.now();
  const bytes = files.reduce((n, f) => n + f.size, 0);

  const pool = new ParsePool(opts.threads !== undefined ? { threads: opts.threads } : {});
  const facts: FileFacts[] = [];
  const filtered = new Map<string, (typeof files)[number]>();
  /** What each file the prefilter skipped imports (by its text). */
  const filteredImports = new Map<string, string[]>();
  /** Files that hold app code: the prefilter's own, and those parsed because they import one (callers of app factories). */
  const appCode = new Set<string>();
  const callers = new Set<string>();
  const job = (f: (typeof files)[number], force: boolean): ParseJob => ({ abs: f.abs, rel: f.rel, force, maxBytes: config.maxFileBytes, size: f.size });
  const allFiles = files.map((f) => f.rel);
  /** The module index of the facts so far (rebuilt after each batch when files wait on demand), and how many facts it saw. */
  let index: ModuleIndex | undefined;
  let indexed = 0;
  try {
    let batch = files.map((f) => job(f, opts.noPrefilter === true));
    let batchBytes = bytes;
    const byRel = new Map(files.map((f) => [f.rel, f]));
    while (batch.length) {
      const outcomes = await pool.run(batch, batchBytes);
      const added: FileFacts[] = [];
      outcomes.forEach((o, i) => {
        const j = batch[i]!;
        if (o.kind === 'facts') {
          added.push(o.facts);
          // app code: a file that builds an app or router, or (parsed as a caller) uses what it
          // imported from app code (a builder module that assembles the app from factories)
          if (!j.force && buildsApps(o.facts)) appCode.add(j.rel);
          else if (callers.has(j.rel) && index && usesAppCode(index, o.facts, appCode)) appCode.add(j.rel);
          if (o.warning) notices.push({ level: 'notice', message: `${j.rel}: ${o.warning}`, file: j.rel });
          if (o.facts.errors.length) {
            notices.push({
              level: 'notice',
              message: `${j.rel}: syntax errors at line ${o.facts.errors.slice(0, 5).join(', ')}; scanned what parsed`,
              file: j.rel,
              line: o.facts.errors[0],
            });
          }
          // code an extraction bound left out (src/parse/extract.ts): results may be incomplete
          for (const w of o.facts.warnings ?? []) notices.push({ level: 'warning', message: `${j.rel}: ${w.message}`, file: j.rel, line: w.line });
        } else if (o.kind === 'filtered') {
          filtered.set(j.rel, byRel.get(j.rel)!);
          filteredImports.set(j.rel, o.imports);
        } else if (o.kind === 'skipped') notices.push({ level: 'notice', message: `${j.rel}: skipped, ${o.reason}`, file: j.rel });
        else notices.push(failedNotice(j.rel, o.error));
      });
      facts.push(...added);
      // Parse on demand: files the prefilter skipped that a parsed file imports.
      let needed: string[] = [];
      if (filtered.size) {
        index = new ModuleIndex(allFiles, importedTops(facts));
        indexed = facts.length;
        needed = neededModules(index, added);
        // a package whose __init__ re-exports app code is app code to its importers (`from core import R2RApp`)
        for (let grew = true; grew;) {
          grew = false;
          for (const f of facts) {
            if (appCode.has(f.path) || !f.path.endsWith('__init__.py')) continue;
            if (usesAppCode(index, f, appCode, true)) {
              appCode.add(f.path);
              grew = true;
            }
          }
        }
        // the modules the server runs (deployment files, the config's entrypoints), whatever they name
        for (const t of targets) {
          const from = t.dir === '' ? '.' : t.dir;
          const rel = index.byKey.get(index.resolve(t.module, from) ?? moduleKey(from, t.module))?.rel;
          if (rel && filtered.has(rel)) {
            callers.add(rel);
            needed.push(rel);
          }
        }
        // and files that import app code: a `main.py` that only calls `create_app()` from `factory.py`
        for (const rel of importersOf(index, filteredImports, appCode)) {
          if (!filtered.has(rel)) continue;
          callers.add(rel);
          needed.push(rel);
        }
      }
      batch = [];
      batchBytes = 0;
      for (const rel of needed) {
        const f = filtered.get(rel);
        if (!f) continue;
        filtered.delete(rel);
        batch.push(job(f, true));
        batchBytes += f.size;
      }
    }
  } finally {
    await pool.close();
  }
  facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const tParse = performance.now();

  const auth = new AuthConfig(config);
  const project = link(allFiles, facts, {
    authDependency: auth.dependency,
    // the last on-demand round's index, when it saw every fact (the same one link would build)
    index: index && indexed === facts.length ? index : undefined,
    targets,
    tests: config.tests,
  });
  notices.push(...entryNotices(project));

  for (const l of [...project.interp.limits].sort()) {
    notices.push({ level: 'warning', message: `evaluation limit reached (${l}); results may be incomplete` });
  }
  const tLink = performance.now();
  // Public routes: the configured list and `# fastapi-audit: public` markers.
  const comments = new Map<string, Comment[]>(facts.filter((f) => f.comments.length).map((f) => [f.path, f.comments]));
  const markers = publicMarkers(comments);
  const isPublic = publicRouteMatcher(config.public, config.publicDefaults === 'extend');
  auth.apply(project);
  for (const r of project.routes) {
    // (public already: an authenticating middleware's own list of exceptions names it)
    if (r.public) continue;
    const marked = isMarkedPublic(markers, r.rec.loc.file, {
      line: r.rec.loc.line,
      defLine: r.handler && r.handler.loc.file === r.rec.loc.file ? r.defLine : undefined,
      firstDecoratorLine: r.handler?.firstLine,
    });
    const listed = marked ? undefined : (isPublic(r.path, r.methods) ?? (config.publicDefaults === 'extend' ? publicByCode(project, r) : undefined));
    if (!marked && !listed) continue;
    r.public = true;
    r.publicBecause = marked ? 'marked `# fastapi-audit: public`' : publicBecause(listed!);
    // a login whose only check is its own (the login itself) protects nothing
    if (listed && isLogin(listed) && r.auth === 'required' && r.evidence.every((e) => e.via === 'handler')) {
      r.auth = 'none';
      r.evidence = [];
    }
  }
  notices.push(...auth.unmatched(project));

  const severityOf = (id: string): Severity => {
    const s = config.rules[id]?.severity;
    if (s) return s;
    return RULES.find((r) => r.meta.id === id)?.meta.defaultSeverity ?? SUPPRESSION_RULES.find((m) => m.id === id)?.defaultSeverity ?? 'note';
  };
  const enabled = RULES.filter((r) => config.rules[r.meta.id]?.enabled !== false);
  let findings: Finding[] = [];
  for (const rule of enabled) findings.push(...runRule(rule, project, config));

  const ran = new Set(enabled.map((r) => r.meta.id));
  const extra = applyInlineSuppressions(findings, comments, KNOWN_RULES, { ranRuleIds: ran });
  for (const e of extra) {
    if (config.rules[e.ruleId]?.enabled === false) continue;
    const s = config.rules[e.ruleId]?.severity;
    findings.push(s ? { ...e, severity: s } : e);
  }
  findings = dedupe(findings);
  const tRules = performance.now();

  const ruleMetas = [...enabled.map((r) => r.meta), ...SUPPRESSION_RULES.filter((m) => config.rules[m.id]?.enabled !== false)];
  return {
    root,
    findings,
    inventory: inventoryOf(project),
    notices,
    rules: ruleMetas,
    severityOf,
    project,
    stats: {
      files: files.length,
      parsed: facts.length,
      filtered: filtered.size,
      bytes,
      ms: { discover: tDiscover - t0, parse: tParse - tDiscover, link: tLink - tParse, rules: tRules - tLink, total: tRules - t0 },
      excluded: found.excluded,
      roots: { ...project.entry.ran },
    },
  };
}

/**
 * Nothing to scan: say so (a clean report of nothing looks like a clean report), with what decided
 * which files count. A warning: `--strict` fails on it, the exit status is otherwise unchanged.
 */
function noPythonFilesNotice(where: string, config: Config, otherNotices: number): Notice {
  const include = config.include.length ? config.include.join(', ') : 'every .py file';
  const exclude = config.exclude.length ? config.exclude.join(', ') : 'none';
  const skipped = otherNotices ? '; see the other notices' : '';
  return {
    level: 'warning',
    message: `no Python files found under ${where}: nothing was scanned (include: ${include}; exclude: ${exclude}; and the built-in excludes: ${BUILT_IN_EXCLUDES})${skipped}`,
  };
}

const BUILT_IN_EXCLUDES = '.git, node_modules, virtualenvs, site-packages, __pycache__, build, dist, tool caches';

/** A scan path for a message: relative to the root (POSIX), or as given when outside it. */
function relLabel(root: string, p: string): string {
  const rel = path.relative(root, path.resolve(root, p));
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel.split(path.sep).join('/');
}

/**
 * A file the engine failed on (a bug of ours): the same notice whichever thread parsed it. The scan
 * goes on without the file; `--strict` turns this into exit status 2.
 */
function failedNotice(rel: string, error: string): Notice {
  return { level: 'error', message: `${rel}: not scanned, internal error while parsing it (${error}); its findings and routes are missing`, file: rel };
}

function runRule(rule: Rule, project: Project, config: Config): Finding[] {
  const out: Finding[] = [];
  const override = config.rules[rule.meta.id]?.severity;
  rule.check({
    project,
    config,
    report(given: Report<string>) {
      const example = given.noteBecause ? undefined : exampleCode(project, given.at.file);
      const r = example ? { ...given, noteBecause: `the code is under \`${example}/\`, an example no deployment file starts` } : given;
      out.push(toFinding(rule, r, r.noteBecause ? 'note' : (override ?? r.severity ?? rule.meta.defaultSeverity)));
    },
  });
  return out;
}

/** One finding per rule, location and key (a route reached twice through the same include is one problem). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}\0${f.location.file}\0${f.location.line}\0${f.location.column}\0${f.fingerprint}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function inventoryOf(project: Project): Inventory {
  return { version: 1, routes: inventoryRows(project, project.routes), unincluded: inventoryRows(project, project.unincluded) };
}

/**
 * An app factory called in several places (`create_app()` for the server and for a CLI) builds the
 * same routes again: identical rows of different apps are one row naming every app. The same row
 * twice in one app (a router included twice) is two routes, as in FastAPI's own route table.
 */
function inventoryRows(project: Project, infos: readonly RouteInfo[]): InventoryRoute[] {
  interface Group {
    row: Omit<InventoryRoute, 'apps' | 'served'>;
    /** Per app, per entry point, how many times: one root registering it twice is two routes; two roots once each, one. */
    perApp: Map<InstRec, Map<unknown, number>>;
    times: number;
    left: number;
  }
  const groups = new Map<string, Group>();
  /** Each route's group, in FastAPI's order. */
  const order: Group[] = [];
  for (const r of infos) {
    const key = JSON.stringify([r.kind, r.methods, r.path, r.file, r.line, r.handlerName, r.auth, r.public, r.publicBecause, r.dependencyNames, r.evidence]);
    let g = groups.get(key);
    if (!g) {
      const row = {
        kind: r.kind,
        methods: [...r.methods],
        path: r.path,
        file: r.file,
        line: r.line,
        handler: r.handlerName,
        auth: r.auth,
        public: r.public,
        ...(r.public && r.publicBecause ? { publicBecause: r.publicBecause } : {}),
        dependencies: [...r.dependencyNames],
        evidence: r.evidence.map((e) => ({ ...e })),
      };
      groups.set(key, (g = { row, perApp: new Map(), times: 0, left: 0 }));
    }
    order.push(g);
    let byRoot = g.perApp.get(r.app);
    if (!byRoot) g.perApp.set(r.app, (byRoot = new Map()));
    const n = (byRoot.get(r.rec.origin) ?? 0) + 1;
    byRoot.set(r.rec.origin, n);
    if (n > g.times) g.left = g.times = n;
  }
  const unincluded = infos === project.unincluded;
  const out: InventoryRoute[] = [];
  const named = new Map<Group, { apps: string[]; served: boolean }>();
  for (const g of order) {
    if (g.left === 0) continue;
    g.left--;
    let a = named.get(g);
    if (!a) {
      const apps = [...g.perApp.keys()];
      a = { apps: [...new Set(apps.map((x) => project.appName(x)))].sort(), served: !unincluded && apps.some((x) => !project.isPossible(x)) };
      named.set(g, a);
    }
    const { kind, methods, path, file, line, handler, auth, public: pub, publicBecause: because, dependencies, evidence } = g.row;
    out.push({
      kind,
      methods,
      path,
      file,
      line,
      handler,
      apps: a.apps,
      served: a.served,
      auth,
      public: pub,
      ...(because ? { publicBecause: because } : {}),
      dependencies,
      evidence,
    });
  }
  return out;
}

/** The file of the module an import names, from `self` (relative imports resolved), if it is in the scan. */
function importedFile(index: ModuleIndex, self: ModuleFile, level: number, mod: string): string | undefined {
  let key: string | undefined;
  if (level > 0) {
    const base = ModuleIndex.relativeBase(self.name, self.isPackage, level, mod);
    key = base !== undefined ? moduleKey(self.root, base) : undefined;
  } else key = index.resolve(mod, self.root);
  return key !== undefined ? index.byKey.get(key)?.rel : undefined;
}

/** Does a file use (call, pass on) a name it imported from a module of `appCode`? With `reexport`, importing it is enough. */
function usesAppCode(index: ModuleIndex, facts: FileFacts, appCode: ReadonlySet<string>, reexport = false): boolean {
  const self = index.byFile.get(facts.path);
  if (!self) return false;
  const bound = new Set<string>();
  let star = false;
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.t === 'from' && s.names === '*') {
        if (appCode.has(importedFile(index, self, s.level, s.mod) ?? '')) star = true;
      } else if (s.t === 'from' && s.names !== '*') {
        const mod = importedFile(index, self, s.level, s.mod);
        for (const n of s.names) {
          if ((mod && appCode.has(mod)) || appCode.has(importedFile(index, self, s.level, s.mod ? `${s.mod}.${n.name}` : n.name) ?? '')) bound.add(n.as ?? n.name);
        }
      } else if (s.t === 'import') {
        for (const n of s.names) if (appCode.has(importedFile(index, self, 0, n.mod) ?? '')) bound.add(n.as ?? n.mod.split('.')[0]!);
      } else if (s.t === 'def' || s.t === 'class') visit(s.body);
      for (const b of blocksOf(s)) visit(b);
    }
  };
  visit(facts.body);
  if (reexport) return star || bound.size > 0;
  return bound.size > 0 && mentions(facts.body, bound);
}

/** Files the prefilter skipped that import (by their text) a module of `appCode`. */
function importersOf(index: ModuleIndex, imports: ReadonlyMap<string, string[]>, appCode: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [rel, names] of imports) {
    const self = index.byFile.get(rel);
    if (!self) continue;
    const hit = names.some((s) => {
      const level = s.length - s.replace(/^\.+/, '').length;
      const target = importedFile(index, self, level, s.slice(level));
      return target !== undefined && appCode.has(target);
    });
    if (hit) out.push(rel);
  }
  return out.sort();
}

/** Module files a parsed file imports (and their packages' __init__), which the prefilter skipped. */
function neededModules(index: ModuleIndex, added: FileFacts[]): string[] {
  const out = new Set<string>();
  /** The file of a module key and of every package above it. */
  const want = (key: string | undefined): void => {
    if (!key) return;
    const sep = key.indexOf(':');
    const root = key.slice(0, sep);
    const parts = key.slice(sep + 1).split('.');
    for (let i = 1; i <= parts.length; i++) {
      const mf = index.byKey.get(moduleKey(root, parts.slice(0, i).join('.')));
      if (mf) out.add(mf.rel);
    }
  };
  const visit = (stmts: Stmt[], self: ModuleFile): void => {
    for (const s of stmts) {
      switch (s.t) {
        case 'import':
          for (const n of s.names) want(index.resolve(n.mod, self.root));
          break;
        case 'from': {
          let key: string | undefined;
          if (s.level > 0) {
            const base = ModuleIndex.relativeBase(self.name, self.isPackage, s.level, s.mod);
            key = base !== undefined ? moduleKey(self.root, base) : undefined;
          } else key = index.resolve(s.mod, self.root);
          want(key);
          if (key !== undefined && s.names !== '*') for (const n of s.names) if (index.has(`${key}.${n.name}`)) want(`${key}.${n.name}`);
          break;
        }
        case 'def':
        case 'class':
        case 'if':
        case 'for':
        case 'while':
        case 'with':
          visit(s.body, self);
          if (s.t === 'if' || s.t === 'for' || s.t === 'while') visit(s.orelse, self);
          break;
        case 'try':
          visit(s.body, self);
          for (const h of s.handlers) visit(h.body, self);
          visit(s.orelse, self);
          visit(s.final, self);
          break;
        default:
          break;
      }
    }
  };
  for (const f of added) {
    const mf = index.byFile.get(f.path);
    if (!mf) continue;
    want(mf.key); // the packages above it
    visit(f.body, mf);
  }
  return [...out].sort();
}
