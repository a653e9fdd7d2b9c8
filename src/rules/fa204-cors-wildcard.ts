import type { Rule } from './types.js';
import { addedNote, corsConfigs, corsKey, credentials, originsText, wildcardEntry } from '../analysis/cors.js';

const rule: Rule<'wildcard'> = {
  meta: {
    id: 'FA204',
    name: 'cors-wildcard',
    defaultSeverity: 'note',
    cwe: [942],
    precision: 'very-high',
    docs: {
      summary: 'CORS allows any origin (without credentials)',
      what:
        'Reports `CORSMiddleware` with `"*"` in `allow_origins` and credentials off, in the same forms and with the same value ' +
        'resolution as FA201 (settings fields, environment defaults, imported constants, `Middleware(...)` lists, the ASGI ' +
        'wrapper, conditions). With credentials on, FA201 reports it instead.',
      notReported: [
        '`"*"` with credentials on (FA201 reports it), explicit origins, values that cannot be resolved. It is a note: an',
        'API meant to be read from any site (public data, no cookies) may want exactly this.',
      ].join('\n'),
      why:
        "Any website can read the responses of your API from a visitor's browser. That is fine for a public, unauthenticated " +
        'API; it is a leak when responses depend on something the browser has and attackers do not (network position, ' +
        'client certificates, an `Authorization` header a front end adds).',
      example: ['app.add_middleware(CORSMiddleware, allow_origins=["*"])'].join('\n'),
      fix: 'If the API is public on purpose, silence the rule (`rules: {FA204: off}`). Otherwise list the origins that need access.',
      references: ['https://www.starlette.io/middleware/#corsmiddleware', 'https://cwe.mitre.org/data/definitions/942.html'],
    },
  },
  messages: {
    wildcard: 'CORS on `{app}` allows any origin: `allow_origins` is {origins}{added}. Fine for a public API; otherwise list the origins that need access.',
  },
  check(ctx) {
    for (const c of corsConfigs(ctx.project)) {
      const star = wildcardEntry(c);
      if (!star || credentials(ctx.project, c).on) continue;
      ctx.report({
        messageId: 'wildcard',
        data: { app: c.appLabel, origins: originsText(ctx.project, c, star), added: addedNote(ctx.project, c) },
        at: c.loc,
        key: corsKey(c, 'cors-wildcard'),
      });
    }
  },
};

export default rule;
