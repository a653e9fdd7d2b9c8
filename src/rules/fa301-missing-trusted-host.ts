import type { Rule } from './types.js';
import { appReach, arg, instLabel, middlewareOf } from '../analysis/helpers.js';
import { alternatives, describe } from '../model/values.js';

const rule: Rule<'missing' | 'wildcard'> = {
  meta: {
    id: 'FA301',
    name: 'missing-trusted-host',
    defaultSeverity: 'medium',
    cwe: [644],
    precision: 'medium',
    docs: {
      summary: 'Application without TrustedHostMiddleware, or with one that trusts any host',
      what:
        'Reports, once per application at its construction, an app served directly (not mounted in another) that has no ' +
        '`TrustedHostMiddleware`, and a `TrustedHostMiddleware` whose `allowed_hosts` is absent (Starlette then allows `["*"]`) ' +
        'or contains `"*"`.',
      why:
        'Without a Host check the application trusts whatever `Host` header the client sends. Links the app builds from ' +
        '`request.url_for(...)`/`request.base_url` (password-reset mails, redirects, OAuth callbacks) can then point to an ' +
        "attacker's host (Host header injection, cache poisoning).",
      example: ['app = FastAPI()'].join('\n'),
      fix: [
        '```python',
        'from fastapi.middleware.trustedhost import TrustedHostMiddleware',
        '',
        'app.add_middleware(TrustedHostMiddleware, allowed_hosts=["api.example.com", "*.example.com"])',
        '```',
        '',
        'If a proxy in front of the app already rejects unknown hosts, disable the rule for this project (`rules: {FA301: off}`).',
      ].join('\n'),
      references: ['https://www.starlette.io/middleware/#trustedhostmiddleware', 'https://fastapi.tiangolo.com/advanced/middleware/#trustedhostmiddleware', 'https://cwe.mitre.org/data/definitions/644.html'],
    },
  },
  messages: {
    missing: 'Application `{app}`{reach} has no `TrustedHostMiddleware`: it trusts any `Host` header, so URLs it builds from the request can point to an attacker\'s host. Add `TrustedHostMiddleware(allowed_hosts=[...])`.',
    wildcard: '`TrustedHostMiddleware` on `{app}`{reach} allows any host (`allowed_hosts` is {hosts}): it checks nothing. List the host names the service answers to.',
  },
  check(ctx) {
    for (const app of ctx.project.servedApps) {
      const label = instLabel(ctx.project, app);
      const { reach, severity } = appReach(ctx.project, app);
      const mws = middlewareOf(ctx.project, app, 'fastapi.TrustedHostMiddleware');
      if (mws.length === 0) {
        ctx.report({ messageId: 'missing', data: { app: label, reach }, at: app.router!.loc, key: `trusted-host ${label}`, severity });
        continue;
      }
      for (const m of mws) {
        const hosts = arg(m.args, 'allowed_hosts', 0);
        const star = !hosts || alternatives(hosts).some((h) => (h.k === 'list' || h.k === 'tuple') && h.items.some((i) => i.k === 'str' && i.v === '*'));
        if (star) ctx.report({ severity, messageId: 'wildcard', data: { app: label, reach, hosts: hosts ? `\`${describe(hosts)}\`` : 'not set (defaults to ["*"])' }, at: m.loc, key: `trusted-host-wildcard ${label}` });
      }
    }
  },
};

export default rule;
