import type { Rule } from './types.js';
import { evidenceText, secureTransportIntent, serviceAppsBySite } from '../analysis/apps.js';
import { appReach, instLabel, middlewareOf } from '../analysis/helpers.js';

const rule: Rule<'missing'> = {
  meta: {
    id: 'FA302',
    name: 'missing-https-redirect',
    defaultSeverity: 'low',
    cwe: [319],
    precision: 'medium',
    docs: {
      summary: 'Application without HTTPSRedirectMiddleware',
      what: [
        'Reports, once per application at its construction, an app served directly that has no `HTTPSRedirectMiddleware`.',
        'Set `tls-terminated-by-proxy: true` in the configuration when a proxy or load balancer enforces HTTPS in front of the app.',
        '',
        '**Low** when the app relies on HTTPS — it sets cookies with `secure=True`, installs `SessionMiddleware(https_only=True)`',
        'or sends a `Strict-Transport-Security` header — and the message names the place; a **note** otherwise.',
      ].join('\n'),
      notReported: [
        'Projects that set `tls-terminated-by-proxy: true`; mounted sub-applications, apps in test code, docs stubs and',
        'mock servers (as FA301 defines them). Severity follows the impact: **low** only when the app relies on HTTPS —',
        'cookies set with `secure=True`, `SessionMiddleware(https_only=True)`, a `Strict-Transport-Security` header — since',
        'plain HTTP then defeats it; otherwise a **note** (a proxy usually enforces HTTPS).',
      ].join('\n'),
      why:
        'Requests that arrive over plain HTTP are served as they are: credentials and session cookies cross the network in ' +
        'clear text. Note that `HTTPSRedirectMiddleware` looks at `scope["scheme"]` only and sets no HSTS header; behind a ' +
        'proxy you also need `--proxy-headers` with a restricted `--forwarded-allow-ips`.',
      example: 'app = FastAPI()',
      fix: [
        '```python',
        'from fastapi.middleware.httpsredirect import HTTPSRedirectMiddleware',
        '',
        'app.add_middleware(HTTPSRedirectMiddleware)',
        '```',
        '',
        'or, when TLS ends at a proxy that redirects to HTTPS, `tls-terminated-by-proxy: true` in `.fastapi-audit.yml`.',
      ].join('\n'),
      references: ['https://www.starlette.io/middleware/#httpsredirectmiddleware', 'https://cwe.mitre.org/data/definitions/319.html'],
    },
  },
  messages: {
    missing:
      'Application `{app}`{reach} does not redirect HTTP to HTTPS (no `HTTPSRedirectMiddleware`). {impact} Add it, or set `tls-terminated-by-proxy: true` if a proxy enforces HTTPS.',
  },
  check(ctx) {
    if (ctx.config.tlsTerminatedByProxy) return;
    const project = ctx.project;
    for (const all of serviceAppsBySite(project)) {
      // one finding per place that makes apps (a factory that makes one app per user app is one place)
      const group = all.filter((a) => !middlewareOf(project, a, 'fastapi.HTTPSRedirectMiddleware').length);
      const app = group[0];
      if (!app) continue;
      const label = instLabel(project, app);
      const more = group.length > 1 ? ` (and ${group.length - 1} more app${group.length > 2 ? 's' : ''} made at the same place)` : '';
      const { reach: reachText, severity: reachSeverity } = appReach(project, app);
      const reach = more + reachText;
      // low when the app means to run over HTTPS (secure cookies, HSTS): plain HTTP then defeats it; else a note
      const intent = group.map((a) => secureTransportIntent(project, a)).find((i) => i);
      const impact = intent
        ? `It relies on HTTPS (${evidenceText(intent)}), but a first request over plain HTTP is served as is.`
        : 'Nothing in the code it runs depends on HTTPS (no secure cookies, no HSTS), so this is a note: a proxy usually enforces it.';
      ctx.report({
        messageId: 'missing',
        data: { app: label, reach, impact },
        at: app.router!.loc,
        key: `https-redirect ${label}`,
        severity: reachSeverity ?? (intent ? 'low' : 'note'),
        ...(intent ? { related: [{ at: intent.at, message: 'the app relies on HTTPS here' }] } : {}),
      });
    }
  },
};

export default rule;
