import { alternatives, describe, srcLoc, truthy, type Value } from '../model/values.js';
import { callsTo, codeIndex } from '../analysis/code.js';
import { branchNote } from '../analysis/conditions.js';
import { isTestPath, moduleOfFile, where } from '../analysis/helpers.js';
import { argExpr, pythonText } from '../analysis/ir.js';
import { middlewareConfigs } from '../analysis/middleware.js';
import { sourceNote } from '../analysis/values.js';
import type { Rule } from './types.js';

/** uvicorn's entry points that take `forwarded_allow_ips` (canonical names the interpreter gives them). */
const SERVER_CALLS = new Set(['uvicorn.run', 'uvicorn.main.run', 'uvicorn.Config', 'uvicorn.config.Config']);
const TRUST_ALL = new Set(['*', '0.0.0.0/0', '::/0']);

/** The entry of a trusted-hosts value that trusts every peer: `"*"`, `["*"]`, `"127.0.0.1,*"`, `0.0.0.0/0`. */
function trustAll(v: Value): Value | undefined {
  for (const alt of alternatives(v)) {
    const a = alt.k === 'env' ? alt.dflt : alt;
    if (!a) continue;
    if (a.k === 'str' && a.v.split(',').some((s) => TRUST_ALL.has(s.trim()))) return alt;
    if ((a.k === 'list' || a.k === 'tuple' || a.k === 'set') && a.items.some((i) => alternatives(i).some((x) => (x.k === 'str' || x.k === 'env') && trustAll(x)))) return alt;
  }
  return undefined;
}

/** `"127.0.0.1,*"`, `["10.0.0.1", "*"]`: uvicorn < 0.30 trusted every peer then; 0.30+ only honours `"*"`/`["*"]` alone. */
function versionNote(alt: Value): string {
  const a = alt.k === 'env' ? alt.dflt : alt;
  const items =
    a?.k === 'str' ? a.v.split(',').map((x) => x.trim()) : a && (a.k === 'list' || a.k === 'tuple' || a.k === 'set') ? a.items.map((i) => (i.k === 'str' ? i.v.trim() : '?')) : [];
  const cidr = items.some((i) => i === '0.0.0.0/0' || i === '::/0');
  if (cidr || items.length <= 1) return '';
  return ' (uvicorn before 0.30 trusts every peer when one item is `*`; later versions ignore the item, so the setting means something else on each)';
}

/** `proxy_headers=False` (certainly) turns the forwarded headers off: then the trusted list does not matter. */
function proxyHeadersOff(v: Value | undefined): boolean {
  if (!v) return false;
  return alternatives(v).every((a) => a.k !== 'env' && truthy(a) === false);
}

const rule: Rule<'server' | 'middleware' | 'gunicorn'> = {
  meta: {
    id: 'FA303',
    name: 'proxy-headers-trust-all',
    defaultSeverity: 'medium',
    cwe: [348, 290],
    precision: 'high',
    docs: {
      summary: 'Proxy headers (`X-Forwarded-For`/`-Proto`) trusted from any peer',
      what: [
        'Reports a server or middleware configured to trust `X-Forwarded-For` and `X-Forwarded-Proto` from every',
        'address:',
        '',
        '- `uvicorn.run(..., forwarded_allow_ips="*")` and `uvicorn.Config(..., forwarded_allow_ips="*")` — wherever the',
        '  call is: at module level, under `if __name__ == "__main__":` (which the import-time evaluation skips) or in a',
        '  `main()` function a console script calls; not when `proxy_headers=False`;',
        '- `ProxyHeadersMiddleware` with `trusted_hosts="*"`, added with `add_middleware`, `Middleware(...)` or as the',
        '  ASGI wrapper `app = ProxyHeadersMiddleware(app, trusted_hosts="*")` (its default, `127.0.0.1`, is fine);',
        '- `forwarded_allow_ips = "*"` in a gunicorn configuration file (`gunicorn.conf.py`, `gunicorn_conf.py`) that',
        '  runs `uvicorn.workers.UvicornWorker`, which hands the setting to uvicorn.',
        '',
        '`"*"`, a list holding `"*"`, a comma-separated string with a `*` item, `0.0.0.0/0` and `::/0` count. Values are',
        'resolved through constants, settings fields and `os.getenv` defaults (an unsafe default is reported as one).',
        'Command-line flags (`--forwarded-allow-ips`) and the `FORWARDED_ALLOW_IPS` environment variable are outside the',
        'Python code and are not seen. Test files are skipped.',
      ].join('\n'),
      notReported: [
        'Specific addresses or networks in `forwarded_allow_ips`/`trusted_hosts`, the default `127.0.0.1`,',
        '`proxy_headers=False`, command-line flags and the `FORWARDED_ALLOW_IPS` environment variable (outside the Python',
        'code), test files.',
      ].join('\n'),
      why:
        'With every peer trusted, a client that can reach the server directly (not only through your proxy) sets its own ' +
        '`X-Forwarded-For`: `request.client.host` becomes whatever it claims, which defeats IP allow-lists, rate limits and ' +
        'audit logs; and `X-Forwarded-Proto: https` makes plain HTTP look like HTTPS to `HTTPSRedirectMiddleware` and to ' +
        'URL generation. It is safe only when nothing but the proxy can reach the app.',
      example: ['if __name__ == "__main__":', '    uvicorn.run("app.main:app", host="0.0.0.0", proxy_headers=True, forwarded_allow_ips="*")'].join('\n'),
      fix: [
        "Trust only the proxy's addresses (uvicorn ≥ 0.30 accepts networks):",
        '',
        '```python',
        'uvicorn.run("app.main:app", host="0.0.0.0", proxy_headers=True, forwarded_allow_ips="10.0.0.0/8")',
        '```',
        '',
        'If the container is reachable only through the proxy and `*` is a deliberate choice, silence the finding with',
        '`# fastapi-audit: ignore[FA303] reachable only through the ingress`.',
      ].join('\n'),
      references: [
        'https://www.uvicorn.org/settings/#http',
        'https://www.uvicorn.org/deployment/#proxies-and-forwarded-headers',
        'https://fastapi.tiangolo.com/advanced/behind-a-proxy/',
        'https://cwe.mitre.org/data/definitions/348.html',
      ],
    },
  },
  messages: {
    server:
      "`{call}` trusts proxy headers from any peer: `forwarded_allow_ips` is {value}. A client that reaches the server directly can spoof its IP address (`X-Forwarded-For`) and make HTTP look like HTTPS (`X-Forwarded-Proto`). List your proxy's addresses instead.",
    middleware:
      "`ProxyHeadersMiddleware` on `{app}` trusts any peer: `trusted_hosts` is {value}. A client that reaches the app directly can spoof its IP address and scheme. List your proxy's addresses instead.",
    gunicorn:
      "gunicorn configuration trusts proxy headers from any peer: `forwarded_allow_ips` is {value}; UvicornWorker passes it to uvicorn. A client that reaches the server directly can spoof its IP address and scheme. List your proxy's addresses instead.",
  },
  check(ctx) {
    const project = ctx.project;
    const resolver = codeIndex(project).resolver;
    // uvicorn.run / uvicorn.Config and the ProxyHeadersMiddleware wrapper, wherever they are written
    // (under `if __name__ == "__main__":`, in a `main()` nobody calls at import time)
    const sites = callsTo(project, (c) => c.k === 'ext' && (SERVER_CALLS.has(c.path) || c.path === 'fastapi.ProxyHeadersMiddleware')).filter((s) => !isTestPath(s.unit.file));
    const argOf = (s: (typeof sites)[number], name: string, pos?: number): Value | undefined => {
      const e = argExpr(s.call, name, pos);
      return e ? resolver.value(s.unit, e, { plainLocals: true }) : undefined;
    };
    for (const s of sites) {
      if (s.callee.k !== 'ext' || !SERVER_CALLS.has(s.callee.path)) continue;
      const ips = argOf(s, 'forwarded_allow_ips');
      const star = ips && trustAll(ips);
      if (!ips || !star || proxyHeadersOff(argOf(s, 'proxy_headers'))) continue;
      const at = srcLoc(s.unit.file, s.call.loc);
      const path = s.callee.path.replace('.main.', '.').replace('.config.', '.');
      const value = `\`${describe(star)}\`${sourceNote(star)}${branchNote(project, ips, star, { at, kw: 'forwarded_allow_ips' })}${versionNote(star)}`;
      ctx.report({ messageId: 'server', data: { call: `${path}(...)`, value }, at, key: `proxy-trust-all ${path} ${s.unit.mod.name}` });
    }
    // ProxyHeadersMiddleware as middleware or ASGI wrapper (also the wrapper written where the interpreter does not run)
    const covered = new Set<string>();
    for (const m of middlewareConfigs(project, 'fastapi.ProxyHeadersMiddleware', ['trusted_hosts'])) {
      covered.add(`${where(m.loc)}:${m.loc.column}`);
      if (isTestPath(m.loc.file)) continue;
      const hosts = m.get('trusted_hosts');
      const star = hosts && trustAll(hosts);
      if (!hosts || !star) continue;
      const value = `\`${describe(star)}\`${sourceNote(star)}${branchNote(project, hosts, star, { at: m.loc, kw: 'trusted_hosts' })}${versionNote(star)}`;
      ctx.report({ messageId: 'middleware', data: { app: m.appLabel, value }, at: m.loc, key: `proxy-trust-all-middleware ${m.appLabel}` });
    }
    for (const s of sites) {
      if (s.callee.k !== 'ext' || s.callee.path !== 'fastapi.ProxyHeadersMiddleware') continue;
      const at = srcLoc(s.unit.file, s.call.loc);
      if (covered.has(`${where(at)}:${at.column}`)) continue;
      const hosts = argOf(s, 'trusted_hosts', 1);
      const star = hosts && trustAll(hosts);
      if (!hosts || !star) continue;
      const app = s.call.args[0] && !s.call.args[0].name ? pythonText(s.call.args[0].v) : 'the wrapped application';
      ctx.report({ messageId: 'middleware', data: { app, value: `\`${describe(star)}\`${sourceNote(star)}` }, at, key: `proxy-trust-all-middleware ${app} ${s.unit.mod.name}` });
    }
    // gunicorn configuration files (module-level settings)
    for (const [file, facts] of project.facts) {
      const base = file.slice(file.lastIndexOf('/') + 1);
      if (!/^gunicorn[._-]?(conf|config|cfg)?\w*\.py$/.test(base) || isTestPath(file)) continue;
      for (const st of facts.body) {
        if (st.t !== 'assign' || !st.v || !st.targets.some((t) => t.t === 'name' && t.id === 'forwarded_allow_ips')) continue;
        const v: Value | undefined = moduleOfFile(project, file)?.ns.get('forwarded_allow_ips') ?? (st.v.t === 'str' ? { k: 'str', v: st.v.v } : undefined);
        const star = v && trustAll(v);
        if (!star) continue;
        ctx.report({ messageId: 'gunicorn', data: { value: `\`${describe(star)}\`` }, at: srcLoc(file, st.loc), key: `proxy-trust-all gunicorn ${file}` });
      }
    }
  },
};

export default rule;
