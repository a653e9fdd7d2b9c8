import { alternatives, asStr } from '../model/values.js';
import { where } from '../analysis/helpers.js';
import { branchNote } from '../analysis/conditions.js';
import { addedNote, alwaysWildcard, corsConfigs, corsKey, credentials, withCredentials } from '../analysis/cors.js';
import { analyseOriginRegex } from '../analysis/origin-regex.js';
import { sourceNote } from '../analysis/values.js';
import type { Rule } from './types.js';

const rule: Rule<'foreign' | 'any' | 'http'> = {
  meta: {
    id: 'FA202',
    name: 'cors-permissive-regex',
    defaultSeverity: 'high',
    cwe: [942, 346],
    precision: 'high',
    docs: {
      summary: 'CORS `allow_origin_regex` accepts origins the owner does not control',
      what: [
        'Reports a `CORSMiddleware` `allow_origin_regex` (in any of the forms and value sources FA201 resolves) that accepts an',
        'origin an attacker can serve a page from. The pattern is parsed (Python `re` syntax, translated for',
        "[regjsparser](https://github.com/jviereck/regjsparser)), not grepped: the owner's domains are read from the",
        'pattern itself (each alternative rendered at its minimum: `https://(www\\.)?example\\.com` owns `example.com`),',
        'then attacker text is put in place of each wildcard-like part (`.`, a class, a quantifier) and the strings the',
        'pattern really fullmatches are kept as witnesses. They are matched by a linear-time automaton built from the parsed',
        'pattern, never by a backtracking engine, so a pattern such as `(a|a)*…` cannot stall the scan. Reported, with the',
        'witness origin in the message:',
        '',
        '- **any origin**: `.*`, `https://.*`, `https://[a-z]+\\.com` accept `https://evil.com`;',
        '- **look-alike domains**: a host part that is not cut at a label boundary (`https://.*example\\.com` accepts',
        '  `https://evilexample.com`), an unescaped `.` (`https://app.example.com` accepts `https://appxexample.com`), a',
        '  pattern that goes on after the domain (`https://example\\.com.*` accepts `https://example.com.evil.com`), and',
        '  subdomains of shared hosting where anyone can get a name (`https://.*\\.vercel\\.app`, `*.herokuapp.com`,',
        '  `*.github.io`, `*.ngrok.io`, …);',
        '- **plain HTTP**: the pattern accepts `http://` for a non-local host (`https?://`, a scheme that is not pinned,',
        '  or `http://` written out), so a network attacker who injects a page into that origin gets through.',
        '',
        'Severity: foreign origins are **high** with `allow_credentials` on and **medium** without; a plain-HTTP origin of',
        "the owner's own domain needs a network attacker and is **medium** with credentials, **low** without.",
      ].join('\n'),
      notReported: [
        '`https://.*\\.example\\.com`, `https://([a-z0-9-]+\\.)*example\\.com`, missing `^`/`$` (Starlette',
        '`fullmatch`es the pattern since 0.13.1), `http://localhost:\\d+`. Patterns with constructs that do not translate',
        '(scoped inline flags, atomic groups) or that no automaton matches (backreferences), patterns whose counted',
        'repetitions unroll into more than 5 000 states or that are longer than 2 000 characters, and values that cannot be',
        'resolved are not reported. When `allow_origins` already contains `"*"` the regex is moot and FA201/FA204 report',
        'the configuration instead.',
      ].join('\n'),
      why:
        "Every origin the pattern accepts can read your API's responses from a visitor's browser — with the visitor's " +
        'cookies when credentials are allowed. Anyone can register `evilexample.com` or create `evil.vercel.app`; a pattern ' +
        'that accepts them is as open as `allow_origins=["*"]` to whoever notices.',
      example: [
        'app.add_middleware(',
        '    CORSMiddleware,',
        '    allow_origin_regex=r"https://.*example\\.com",  # also https://evilexample.com',
        '    allow_credentials=True,',
        ')',
      ].join('\n'),
      fix: [
        'Escape every dot, cut the wildcard at a label boundary and pin the scheme:',
        '',
        '```python',
        'allow_origin_regex=r"https://([a-z0-9-]+\\.)*example\\.com"',
        '```',
        '',
        "For preview deployments on shared hosting, list the exact origins (or a pattern that includes your team's own",
        'unique suffix) instead of `.*\\.vercel\\.app`.',
      ].join('\n'),
      references: [
        'https://www.starlette.io/middleware/#corsmiddleware',
        'https://portswigger.net/web-security/cors#errors-parsing-origin-headers',
        'https://cwe.mitre.org/data/definitions/942.html',
        'https://publicsuffix.org/',
      ],
    },
  },
  messages: {
    any: 'CORS on `{app}` accepts any origin (e.g. `{witness}`){creds}: `allow_origin_regex` is `{pattern}`{source}{added}. Match only your own origins, e.g. `https://([a-z0-9-]+\\.)*example\\.com`.',
    foreign: 'CORS on `{app}` also accepts `{witness}`{creds}: `allow_origin_regex` is `{pattern}`{source}, and {cause}{added}. {fix}',
    http: 'CORS on `{app}` accepts plain-HTTP origins such as `{witness}`{creds}: `allow_origin_regex` is `{pattern}`{source}, and {cause}{added}. Anyone on the network path can inject a page into such an origin: require `https://`.',
  },
  check(ctx) {
    for (const c of corsConfigs(ctx.project)) {
      const v = c.get('allow_origin_regex');
      if (!v || alwaysWildcard(c)) continue;
      const creds = credentials(ctx.project, c);
      const seen = new Set<string>();
      for (const alt of alternatives(v)) {
        const pattern = asStr(alt);
        if (pattern === undefined || seen.has(pattern)) continue;
        seen.add(pattern);
        const a = analyseOriginRegex(pattern);
        for (const p of a.problems) {
          const high = p.kind !== 'http';
          const severity = creds.on ? (high ? 'high' : 'medium') : high ? 'medium' : 'low';
          const source =
            (alt.k === 'env' ? ` (the default of \`os.getenv(${JSON.stringify(alt.name)})\`, ${where(alt.loc)}, used while \`${alt.name}\` is unset)` : sourceNote(alt)) +
            branchNote(ctx.project, v, alt, { at: c.loc, kw: 'allow_origin_regex' });
          let cause = p.cause;
          if (p.kind === 'http' && !p.cause.startsWith('`')) {
            cause = a.noScheme ? 'it does not pin the scheme' : /https\?/.test(pattern) ? '`https?` makes the `s` optional' : 'it spells out `http://`';
          } else if (a.noScheme) cause += '; it does not pin the scheme either';
          const fix = p.cause.includes('anyone can create a site')
            ? 'List the exact origins of your deployments instead (or a pattern anchored on a suffix only you control).'
            : p.cause.startsWith('the unescaped')
              ? 'Escape every dot (`\\.`).'
              : 'End the wildcard at a label boundary and escape the dots: `https://([a-z0-9-]+\\.)*example\\.com`.';
          ctx.report({
            messageId: p.kind,
            data: {
              app: c.appLabel,
              pattern,
              source,
              witness: p.witness,
              cause,
              fix,
              creds: withCredentials(creds),
              added: addedNote(ctx.project, c),
            },
            severity,
            at: c.loc,
            key: corsKey(c, `cors-regex-${p.kind} ${pattern}`),
          });
        }
      }
    }
  },
};

export default rule;
