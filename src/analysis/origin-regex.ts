/**
 * Which origins does a CORS `allow_origin_regex` accept that its owner does not control?
 *
 * Starlette `fullmatch`es the pattern against the request's `Origin` header (since 0.13.1), so
 * missing `^`/`$` anchors are harmless by themselves. What matters is whether some origin a
 * browser can send from an attacker's site matches. We decide that from the regex's structure:
 *
 * 1. Translate Python `re` syntax to JavaScript (`(?P<n>…)`, `(?P=n)`, `\A`, `\Z`, leading inline
 *    flags, `{,n}`, a `]` first in a class) and parse it with regjsparser; give up (no finding) on
 *    what does not translate (scoped flags, atomic groups, possessive quantifiers, conditionals).
 * 2. The owner's domains: render every alternative of the pattern minimally (each quantifier at
 *    its minimum count, an escaped or unescaped `.` as `.`, a class as a representative member)
 *    and take the registrable domain (eTLD+1, with a short list of multi-label and shared-hosting
 *    suffixes: an app on `vercel.app` owns `app.vercel.app`, not `vercel.app`).
 * 3. Witnesses: render again with one wildcard-like node (a `.`, a class, a quantifier) replaced by
 *    an attacker's text (`x`, `evil`, `.evil.com`, `https://evil.com`, …), keep the strings that
 *    the compiled pattern really fullmatches and that are valid origins, and classify them: a
 *    registrable domain that is not the owner's is a foreign origin (`https://evilexample.com` for
 *    `https://.*example\.com`, `https://appxexample.com` for the unescaped dot of
 *    `https://app.example.com`); an `http://` origin for a non-local host is an insecure scheme.
 *
 * The answer comes with the witness, so a message can show an origin that gets through.
 *
 * The pattern comes from the scanned code, so it is never run by a backtracking engine: probes are
 * matched with re2js, a linear-time RE2 implementation (patterns RE2 refuses — lookaround,
 * backreferences — are not analysed), patterns longer than `MAX_PATTERN` are not analysed, and
 * renderings are cut at `MAX_RENDER` characters. `(a|a)*…` costs what `a*…` costs.
 */
import regjsparser, { type AstNode, type RootNode } from 'regjsparser';
import { RE2JS } from 're2js';

// regjsparser is CommonJS: Node's ESM loader gives only its default export
const { parse } = regjsparser;

interface RegexProblem {
  /** any: matches an arbitrary origin; foreign: a look-alike domain; http: a plain-HTTP origin of the owner. */
  kind: 'any' | 'foreign' | 'http';
  /** An origin the pattern accepts. */
  witness: string;
  /** Markdown explaining why it matches. */
  cause: string;
}

export interface RegexAnalysis {
  /** False when the pattern uses syntax we do not translate (then nothing is reported). */
  analysed: boolean;
  problems: RegexProblem[];
  /** The pattern does not pin a scheme in any of its alternatives. */
  noScheme: boolean;
  why?: string;
}

/** Second-level registries under which anyone can register a name. */
// prettier-ignore
const MULTI_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'me.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.nz', 'co.jp', 'ne.jp', 'or.jp', 'co.kr',
  'com.br', 'com.cn', 'com.tw', 'com.hk', 'com.sg', 'com.mx', 'com.ar', 'com.tr', 'co.in', 'co.za', 'co.il', 'com.pl',
]);

/** Shared hosting domains: anyone can get a subdomain (Public Suffix List, private section, the usual ones). */
// prettier-ignore
const SHARED_HOSTING = new Set([
  'vercel.app', 'now.sh', 'netlify.app', 'netlify.com', 'herokuapp.com', 'github.io', 'gitlab.io', 'pages.dev', 'workers.dev',
  'web.app', 'firebaseapp.com', 'appspot.com', 'azurewebsites.net', 'azurestaticapps.net', 'cloudfront.net', 'ngrok.io',
  'ngrok-free.app', 'ngrok.app', 'onrender.com', 'fly.dev', 'railway.app', 'up.railway.app', 'glitch.me', 'surge.sh',
  'amplifyapp.com', 'repl.co', 'replit.app', 'replit.dev', 'trycloudflare.com', 'loca.lt', 'deno.dev', 'koyeb.app',
  's3.amazonaws.com', 'blogspot.com', 'readthedocs.io', 'webflow.io', 'pythonanywhere.com', 'streamlit.app', 'hf.space',
]);

const MAX_VARIANTS = 40;
const MAX_PROBES = 4000;
/** Longest rendering kept (nested counted repetitions multiply: `((x{8}){8}){8}` is 512 characters). */
const MAX_RENDER = 512;
/** Longest pattern analysed: origin patterns are a few dozen characters; this bounds parsing, rendering and the automaton. */
const MAX_PATTERN = 2_000;

/** eTLD+1 of a host name; undefined for a bare public suffix or a single label. */
export function registrable(host: string): string | undefined {
  const labels = host.toLowerCase().split('.');
  for (let i = 0; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.');
    if (SHARED_HOSTING.has(suffix) || MULTI_LABEL_SUFFIXES.has(suffix)) return i === 0 ? undefined : labels.slice(i - 1).join('.');
  }
  return labels.length >= 2 ? labels.slice(-2).join('.') : undefined;
}

function sharedSuffixOf(host: string): string | undefined {
  const labels = host.toLowerCase().split('.');
  for (let i = 0; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.');
    if (SHARED_HOSTING.has(suffix)) return suffix;
  }
  return undefined;
}

const ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-f:.]+\]|[^/?#@:\s[\]]+)(?::(\d{1,5}))?$/i;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function parseOrigin(s: string): { scheme: string; host: string; port?: string } | undefined {
  const m = ORIGIN.exec(s);
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), host: m[2]!.toLowerCase(), ...(m[3] ? { port: m[3] } : {}) };
}

/** localhost, *.localhost, loopback addresses and 0.0.0.0: only the user's own machine serves them. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '[::1]' || h === '0.0.0.0';
}

// ------------------------------------------------------------------ Python → JavaScript

interface Translated {
  source: string;
  flags: string;
}

/** Python `re` syntax to an equivalent JavaScript pattern, or a reason why not. */
export function translatePython(pattern: string): Translated | { unsupported: string } {
  let flags = '';
  let src = pattern;
  // global inline flags: `(?i)` (Python 3.11 requires them at the start; older versions allowed them anywhere)
  src = src.replace(/\(\?([aiLmsux]+)\)/g, (_m, f: string) => {
    flags += f;
    return '';
  });
  if (flags.includes('x')) {
    // verbose: drop unescaped whitespace and comments outside classes
    let out = '';
    let inClass = false;
    for (let i = 0; i < src.length; i++) {
      const c = src[i]!;
      if (c === '\\') {
        out += c + (src[i + 1] ?? '');
        i++;
      } else if (inClass) {
        if (c === ']') inClass = false;
        out += c;
      } else if (c === '[') {
        inClass = true;
        out += c;
      } else if (c === '#') {
        while (i < src.length && src[i] !== '\n') i++;
      } else if (!/\s/.test(c)) out += c;
    }
    src = out;
  }
  let out = '';
  let inClass = false;
  let classStart = -1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const rest = src.slice(i);
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return { unsupported: 'trailing backslash' };
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && (n === 'Z' || n === 'z')) out += '$';
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']' && out.length - 1 === classStart) out += '\\]';
      else if (c === ']' && out.length - 2 === classStart && out.endsWith('^')) out += '\\]';
      else {
        if (c === ']') inClass = false;
        out += c === '[' ? '\\[' : c;
      }
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      classStart = out.length - 1;
      continue;
    }
    if (rest.startsWith('(?P<')) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(rest);
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    const comment = /^\(\?#[^)]*\)/.exec(rest);
    if (comment) {
      i += comment[0].length - 1;
      continue;
    }
    if (/^\(\?[aiLmsux-]+:/.test(rest)) return { unsupported: 'scoped inline flags' };
    if (rest.startsWith('(?>')) return { unsupported: 'atomic group' };
    if (rest.startsWith('(?(')) return { unsupported: 'conditional group' };
    if (/^[*+?}]\+/.test(rest)) return { unsupported: 'possessive quantifier' };
    const lazyMin = /^\{,(\d+)\}/.exec(rest);
    if (lazyMin) {
      out += `{0,${lazyMin[1]}}`;
      i += lazyMin[0].length - 1;
      continue;
    }
    out += c;
  }
  if (inClass) return { unsupported: 'unterminated character class' };
  const js = [...new Set(flags)].filter((f) => f === 'i' || f === 's' || f === 'm').join('');
  return { source: out, flags: js };
}

// ------------------------------------------------------------------ rendering

type Node = AstNode<{ namedGroups: true; lookbehind: true }>;
type Variant = Map<Node, number>;
interface Inject {
  node: Node;
  text: string;
}

function children(n: Node): Node[] {
  switch (n.type) {
    case 'alternative':
    case 'disjunction':
    case 'group':
      return n.body as Node[];
    case 'quantifier':
      return n.body as Node[];
    default:
      return [];
  }
}

const REPRESENTATIVES = ['a', 'e', 'x', '0', '1', '-', '.', '_', ':', '/'];

class Renderer {
  private readonly reps = new Map<Node, string | null>();
  private readonly within = new Map<Node, Set<Node>>();

  constructor(private readonly flags: string) {}

  /** Every node below n (n included). */
  descendants(n: Node): Set<Node> {
    let s = this.within.get(n);
    if (!s) {
      s = new Set([n]);
      for (const c of children(n)) for (const d of this.descendants(c)) s.add(d);
      this.within.set(n, s);
    }
    return s;
  }

  private representative(n: Node): string | null {
    if (this.reps.has(n)) return this.reps.get(n)!;
    let rep: string | null;
    try {
      const re = new RegExp(`^${n.raw}$`, this.flags);
      rep = REPRESENTATIVES.find((c) => re.test(c)) ?? null;
    } catch {
      rep = null;
    }
    this.reps.set(n, rep);
    return rep;
  }

  render(n: Node, v: Variant, inj?: Inject): string | null {
    if (inj && n === inj.node) return inj.text;
    const all = (ns: Node[]): string | null => {
      let out = '';
      for (const c of ns) {
        const r = this.render(c, v, inj);
        if (r === null) return null;
        out += r;
        if (out.length > MAX_RENDER) return null;
      }
      return out;
    };
    switch (n.type) {
      case 'alternative':
        return all(n.body as Node[]);
      case 'disjunction': {
        const body = n.body as Node[];
        let i = v.get(n) ?? 0;
        // an injection target inside another branch: take that branch
        if (inj && !v.has(n)) {
          const j = body.findIndex((b) => this.descendants(b).has(inj.node));
          if (j >= 0) i = j;
        }
        return this.render(body[i] ?? body[0]!, v, inj);
      }
      case 'group':
        if (n.behavior !== 'normal' && n.behavior !== 'ignore') return '';
        return all(n.body as Node[]);
      case 'quantifier': {
        if (n.max === 0) return '';
        let count = Math.min(n.min, 8);
        if (count === 0 && inj && this.descendants(n).has(inj.node)) count = 1;
        let out = '';
        for (let k = 0; k < count; k++) {
          const r = this.render(n.body[0] as Node, v, k === 0 ? inj : undefined);
          if (r === null) return null;
          out += r;
          if (out.length > MAX_RENDER) return null;
        }
        return out;
      }
      case 'value':
        return String.fromCodePoint(n.codePoint);
      case 'dot':
        return '.';
      case 'characterClass':
      case 'characterClassEscape':
        return this.representative(n);
      case 'anchor':
        return '';
      case 'reference':
        return null;
      default:
        return null;
    }
  }
}

function injectTexts(n: Node): string[] {
  if (n.type === 'quantifier') {
    return ['evil', 'evil.com', '.evil.com', 'evil.', 'x', '', 'https://evil.com', 'http://evil.com', 'https://evil', 'http://evil', 'https://evil.', 'http://'];
  }
  return ['x', '.', '-', '/'];
}

/** The host of a rendering that may lack a scheme or have an empty first label (`.example.com`). */
function hostOf(s: string): string | undefined {
  const i = s.indexOf('://');
  let h = i >= 0 ? s.slice(i + 3) : s;
  h = h
    .split(/[:/?#]/)[0]!
    .replace(/^\.+/, '')
    .toLowerCase();
  return h && DOMAIN.test(h) ? h : undefined;
}

function snippet(source: string, n: Node): string {
  const [a, b] = n.range;
  const from = Math.max(0, a - 8);
  const to = Math.min(source.length, b + 8);
  return `${from > 0 ? '…' : ''}${source.slice(from, to)}${to < source.length ? '…' : ''}`;
}

export function analyseOriginRegex(pattern: string): RegexAnalysis {
  if (pattern.length > MAX_PATTERN) return { analysed: false, problems: [], noScheme: false, why: `longer than ${MAX_PATTERN} characters` };
  const t = translatePython(pattern);
  if ('unsupported' in t) return { analysed: false, problems: [], noScheme: false, why: t.unsupported };
  let ast: RootNode<{ namedGroups: true; lookbehind: true }>;
  try {
    ast = parse(t.source, '', { namedGroups: true, lookbehind: true });
    // compiled only to check that JavaScript accepts it too; never run on anything
    new RegExp(`^(?:${t.source})$`, t.flags);
  } catch (e) {
    return { analysed: false, problems: [], noScheme: false, why: `invalid pattern: ${(e as Error).message}` };
  }
  const root = ast as Node;
  let matcher: RE2JS;
  try {
    const flags = (t.flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (t.flags.includes('s') ? RE2JS.DOTALL : 0) | (t.flags.includes('m') ? RE2JS.MULTILINE : 0);
    matcher = RE2JS.compile(t.source, flags);
  } catch (e) {
    return { analysed: false, problems: [], noScheme: false, why: `not supported by the linear-time matcher: ${(e as Error).message}` };
  }
  const renderer = new Renderer(t.flags);

  // variants: every branch of every disjunction, one at a time
  const variants: Variant[] = [new Map()];
  const targets: Node[] = [];
  for (const n of renderer.descendants(root)) {
    if (n.type === 'disjunction') for (let i = 1; i < n.body.length && variants.length < MAX_VARIANTS; i++) variants.push(new Map([[n, i]]));
    if (n.type === 'dot' || n.type === 'characterClass' || n.type === 'characterClassEscape' || n.type === 'quantifier') targets.push(n);
  }

  const owners = new Set<string>();
  const ownerHosts = new Set<string>();
  const ownerTlds = new Set<string>(['com']);
  const bases: string[] = [];
  let noScheme = true;
  for (const v of variants) {
    const s = renderer.render(root, v);
    if (s === null) continue;
    bases.push(s);
    if (s.includes('://')) noScheme = false;
    const h = hostOf(s);
    if (!h) continue;
    ownerHosts.add(h);
    const reg = registrable(h);
    if (reg) owners.add(reg);
    ownerTlds.add(h.slice(h.lastIndexOf('.') + 1));
  }

  interface Probe {
    w: string;
    node?: Node;
    text?: string;
  }
  const probes: Probe[] = [{ w: 'https://evil.com' }, { w: 'http://evil.com' }];
  for (const b of bases) {
    probes.push({ w: b });
    const o = parseOrigin(b);
    if (o && o.scheme === 'https') probes.push({ w: `http${b.slice(5)}` });
  }
  outer: for (const v of variants) {
    for (const n of targets) {
      for (const text of injectTexts(n)) {
        if (probes.length >= MAX_PROBES) break outer;
        const w = renderer.render(root, v, { node: n, text });
        if (w !== null) probes.push({ w, node: n, text });
      }
    }
  }

  const seen = new Set<string>();
  let any: RegexProblem | undefined;
  let foreign: RegexProblem | undefined;
  let http: RegexProblem | undefined;
  for (const p of probes) {
    if (seen.has(p.w)) continue;
    seen.add(p.w);
    if (!matcher.matches(p.w)) continue; // a full match, as Starlette's re.fullmatch
    const o = parseOrigin(p.w);
    if (!o || (o.scheme !== 'http' && o.scheme !== 'https')) continue;
    if (isLocalHost(o.host)) continue;
    const ip = IPV4.test(o.host) || o.host.startsWith('[');
    if (!ip && !DOMAIN.test(o.host)) continue;
    const reg = ip ? o.host : registrable(o.host);
    const tld = o.host.slice(o.host.lastIndexOf('.') + 1);
    if (!ip && (!reg || !/^[a-z]{2,}$/.test(tld) || !ownerTlds.has(tld))) continue;
    const owned = ip ? ownerHosts.has(o.host) : owners.has(reg!);
    if (!owned && !ip) {
      if (p.w === 'https://evil.com' || p.w === 'http://evil.com') {
        any ??= { kind: 'any', witness: p.w, cause: 'it matches any origin' };
        continue;
      }
      const shared = sharedSuffixOf(o.host);
      let cause: string;
      if (p.node?.type === 'dot') cause = `the unescaped \`.\` in \`${snippet(t.source, p.node)}\` matches any character`;
      else if (p.node) cause = `\`${p.node.raw}\` also matches \`${p.text}\``;
      else cause = 'it matches a domain the pattern does not pin';
      if (shared) cause += `; anyone can create a site under \`${shared}\``;
      const cand: RegexProblem = { kind: 'foreign', witness: p.w, cause };
      if (!foreign || rank(cand) < rank(foreign)) foreign = cand;
      continue;
    }
    if (o.scheme === 'http' && owned) {
      const cause = noScheme ? 'the pattern does not pin the scheme' : p.node ? `\`${p.node.raw}\` lets the scheme be \`http\`` : 'it accepts plain `http://`';
      const cand: RegexProblem = { kind: 'http', witness: p.w, cause };
      if (!http || rank(cand) < rank(http)) http = cand;
    }
  }
  const problems: RegexProblem[] = [];
  if (any) problems.push(any);
  else if (foreign) problems.push(foreign);
  if (http && !any) problems.push(http);
  return { analysed: true, problems, noScheme };
}

/** Prefer https witnesses, then readable ones (an `evil…` registrable domain, else any `evil`), then short ones. */
function rank(p: RegexProblem): number {
  const host = parseOrigin(p.witness)?.host ?? '';
  const reg = registrable(host) ?? host;
  return (p.witness.startsWith('https://') ? 0 : 4000) + (p.witness.includes('evil') ? 0 : 2000) + (reg.startsWith('evil') ? 0 : 1000) + p.witness.length;
}
