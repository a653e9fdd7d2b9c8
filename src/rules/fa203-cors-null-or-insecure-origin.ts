import { describe } from '../model/values.js';
import { branchNote } from '../analysis/conditions.js';
import { addedNote, corsConfigs, corsKey, credentials, originEntries, withCredentials, type OriginEntry } from '../analysis/cors.js';
import { isLocalHost, parseOrigin } from '../analysis/origin-regex.js';
import { sourceNote } from '../analysis/values.js';
import type { Rule } from './types.js';

const rule: Rule<'null' | 'http'> = {
  meta: {
    id: 'FA203',
    name: 'cors-null-or-insecure-origin',
    defaultSeverity: 'medium',
    cwe: [942, 319],
    precision: 'very-high',
    docs: {
      summary: 'CORS trusts the `null` origin or a plain-HTTP origin',
      what: [
        'Reports `CORSMiddleware` whose `allow_origins` (resolved like FA201: settings fields, environment defaults,',
        'constants, concatenations, both branches of a condition) contains:',
        '',
        '- `"null"`: the origin browsers send from sandboxed iframes, `data:` URLs, local files and some redirects. **High**',
        '  when `allow_credentials` is on (any site can produce a `null` origin with a sandboxed iframe and read responses',
        "  with the user's cookies), medium otherwise;",
        '- an `http://` origin whose host is not local (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]` are fine: only',
        "  the user's own machine serves them): medium.",
        '',
        'Origins with `https://`, `"*"` (FA201/FA204) and regexes (FA202) are left to the other rules.',
      ].join('\n'),
      notReported: [
        "`https://` origins, local plain-HTTP origins (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`: only the user's own",
        'machine serves them), `"*"` (FA201/FA204), regexes (FA202), values that cannot be resolved.',
      ].join('\n'),
      why:
        'A `null` origin is not a place you control: any page can obtain it (`<iframe sandbox="allow-scripts">`). A ' +
        'plain-HTTP origin can be impersonated by anyone on the network path (public Wi-Fi, a compromised router): they ' +
        'inject a script into that origin and it is trusted by your CORS policy.',
      example: ['app.add_middleware(', '    CORSMiddleware,', '    allow_origins=["null", "http://dashboard.example.com"],', '    allow_credentials=True,', ')'].join('\n'),
      fix: 'Remove `"null"`, and serve the trusted front ends over HTTPS: `allow_origins=["https://dashboard.example.com"]`. Keep `http://localhost:3000` for development only.',
      references: [
        'https://portswigger.net/web-security/cors#whitelisted-null-origin-value',
        'https://www.starlette.io/middleware/#corsmiddleware',
        'https://cwe.mitre.org/data/definitions/942.html',
      ],
    },
  },
  messages: {
    null: 'CORS on `{app}` trusts the `null` origin (`allow_origins` is {origins}){creds}{added}: any page can send `Origin: null` from a sandboxed iframe. Remove "null".',
    http: 'CORS on `{app}` trusts plain-HTTP origins {list} (`allow_origins` is {origins}){creds}{added}: anyone on the network path can impersonate them. Use `https://` origins.',
  },
  check(ctx) {
    for (const c of corsConfigs(ctx.project)) {
      const top = c.get('allow_origins');
      const entries = originEntries(top);
      if (!top || entries.length === 0) continue;
      const creds = credentials(ctx.project, c);
      const credText = withCredentials(creds);
      const text = (e: OriginEntry): string => `\`${describe(e.alt)}\`${sourceNote(e.carrier)}${branchNote(ctx.project, top, e.alt, { at: c.loc, kw: 'allow_origins' })}`;
      const nul = entries.find((e) => (e.bare ? e.origin.includes('null') : e.origin === 'null'));
      if (nul) {
        ctx.report({
          messageId: 'null',
          data: { app: c.appLabel, origins: text(nul), creds: credText, added: addedNote(ctx.project, c) },
          severity: creds.on ? 'high' : 'medium',
          at: c.loc,
          key: corsKey(c, 'cors-null-origin'),
        });
      }
      // a bare string is tested with `in` (substrings): look at each comma-separated piece
      const insecure = entries.flatMap((e) =>
        (e.bare ? e.origin.split(/[\s,]+/) : [e.origin])
          .filter((s) => {
            const o = parseOrigin(s.trim().replace(/\/+$/, ''));
            return o !== undefined && o.scheme === 'http' && !isLocalHost(o.host);
          })
          .map((s) => ({ s, e })),
      );
      if (insecure.length) {
        const list = [...new Set(insecure.map((x) => `\`${x.s}\``))];
        ctx.report({
          messageId: 'http',
          data: { app: c.appLabel, list: list.join(', '), origins: text(insecure[0]!.e), creds: credText, added: addedNote(ctx.project, c) },
          at: c.loc,
          key: corsKey(c, `cors-http-origin ${list.join(',')}`),
        });
      }
    }
  },
};

export default rule;
