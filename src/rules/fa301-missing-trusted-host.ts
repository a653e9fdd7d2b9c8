import type { Rule } from './types.js';
import { evidenceText, requestHostUse, serviceAppsBySite } from '../analysis/apps.js';
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
      what: [
        'Reports, once per application at its construction, an app served directly (not mounted in another) that has no',
        '`TrustedHostMiddleware`, and a `TrustedHostMiddleware` whose `allowed_hosts` is absent (Starlette then allows `["*"]`)',
        'or contains `"*"`.',
        '',
        '**Medium** when the code the app runs (its handlers, dependencies, middleware and the functions of ours they call)',
        "builds URLs or links from the request's host — `request.url_for(...)`, `request.base_url`, `request.url` beyond its",
        'path and query, the `Host`/`X-Forwarded-Host` header, templates rendered with the request — and the message names',
        'the place; **low** otherwise.',
      ].join('\n'),
      notReported: [
        "- mounted sub-applications (the parent's middleware runs first) and apps in test code;",
        '- **docs stubs**: an app made in a Sphinx configuration (a `conf.py` that sets `extensions`/`html_theme` or imports',
        '  sphinx), which documentation builds import and nothing serves;',
        '- **mock servers**: an app made by a helper that only test code calls (no production code calls it, test files',
        '  import it), an app whose module only test code imports and that no server starts, or an app every HTTP route of',
        '  which returns canned data (constants) without reading the request. Provenance decides, never a name: a file',
        '  called `mock_server.py` whose routes do real work is reported, and an unremarkable one serving canned JSON is not.',
        '',
        'Apps made only by code nobody calls (library helpers) are notes. Severity follows the impact: **medium** only when',
        "the code the app runs builds URLs or links from the request's host (`request.url_for(...)`, `request.base_url`,",
        '`request.url` beyond its path and query, the `Host`/`X-Forwarded-Host` header, templates rendered with the request);',
        'otherwise **low**.',
      ].join('\n'),
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
      references: [
        'https://www.starlette.io/middleware/#trustedhostmiddleware',
        'https://fastapi.tiangolo.com/advanced/middleware/#trustedhostmiddleware',
        'https://cwe.mitre.org/data/definitions/644.html',
      ],
    },
  },
  messages: {
    missing: 'Application `{app}`{reach} has no `TrustedHostMiddleware`: it trusts any `Host` header. {impact} Add `TrustedHostMiddleware(allowed_hosts=[...])`.',
    wildcard: '`TrustedHostMiddleware` on `{app}`{reach} allows any host (`allowed_hosts` is {hosts}): it checks nothing. {impact} List the host names the service answers to.',
  },
  check(ctx) {
    const project = ctx.project;
    for (const group of serviceAppsBySite(project)) {
      // one finding per place that makes apps (a factory that makes one app per user app is one place)
      const app = group[0]!;
      const label = instLabel(project, app);
      const more = group.length > 1 ? ` (and ${group.length - 1} more app${group.length > 2 ? 's' : ''} made at the same place)` : '';
      const { reach: reachText, severity: reachSeverity } = appReach(project, app);
      const reach = more + reachText;
      // medium when the app builds URLs from the request's host (links in mails, redirects, url_for), else low
      const host = group.map((a) => requestHostUse(project, a)).find((h) => h);
      const severity = reachSeverity ?? (host ? 'medium' : 'low');
      const impact = host
        ? `It builds URLs from the request's host (${evidenceText(host)}): with a forged \`Host\` they can point to an attacker's site (password-reset links, redirects, cache poisoning).`
        : "No URL built from the request's host was found in the code it runs, so the exposure is limited to what a proxy or cache keys on the host.";
      const related = host ? [{ at: host.at, message: `a URL is built from the request's host here` }] : undefined;
      const mws = middlewareOf(project, app, 'fastapi.TrustedHostMiddleware');
      if (mws.length === 0) {
        ctx.report({ messageId: 'missing', data: { app: label, reach, impact }, at: app.router!.loc, key: `trusted-host ${label}`, severity, ...(related ? { related } : {}) });
        continue;
      }
      for (const m of mws) {
        const hosts = arg(m.args, 'allowed_hosts', 0);
        const star = !hosts || alternatives(hosts).some((h) => (h.k === 'list' || h.k === 'tuple') && h.items.some((i) => i.k === 'str' && i.v === '*'));
        if (star)
          ctx.report({
            severity,
            messageId: 'wildcard',
            data: { app: label, reach, impact, hosts: hosts ? `\`${describe(hosts)}\`` : 'not set (defaults to ["*"])' },
            at: m.loc,
            key: `trusted-host-wildcard ${label}`,
            ...(related ? { related } : {}),
          });
      }
    }
  },
};

export default rule;
