import type { Rule } from './types.js';
import { corsSettings } from './cors.js';

const rule: Rule<'wildcard'> = {
  meta: {
    id: 'FA201',
    name: 'cors-wildcard-credentials',
    defaultSeverity: 'critical',
    cwe: [942, 346],
    precision: 'very-high',
    docs: {
      summary: 'CORS allows any origin with credentials: every website can make authenticated requests',
      what:
        'Reports `CORSMiddleware` configured with `"*"` in `allow_origins` together with `allow_credentials=True`, whether it ' +
        'is added with `app.add_middleware(...)` or `Middleware(...)` in `FastAPI(middleware=[...])`/`Starlette(middleware=[...])`, ' +
        'and whether the values are literals, module constants, settings fields or environment defaults.',
      why:
        "With this combination Starlette reflects the request's `Origin` back in `Access-Control-Allow-Origin` whenever the " +
        'request carries a cookie, and answers preflights with the requesting origin: any website the user visits can call ' +
        "your API with the user's cookies and read the responses.",
      example: ['app.add_middleware(', '    CORSMiddleware,', '    allow_origins=["*"],', '    allow_credentials=True,', ')'].join('\n'),
      fix: ['List the origins you trust:', '', '```python', 'app.add_middleware(', '    CORSMiddleware,', '    allow_origins=["https://app.example.com"],', '    allow_credentials=True,', ')', '```'].join('\n'),
      references: [
        'https://www.starlette.io/middleware/#corsmiddleware',
        'https://fastapi.tiangolo.com/tutorial/cors/',
        'https://portswigger.net/web-security/cors',
        'https://cwe.mitre.org/data/definitions/942.html',
      ],
    },
  },
  messages: {
    wildcard: 'CORS lets any website make credentialed requests: `allow_origins` is {origins}{originFrom} and `allow_credentials` is {credentials}{credFrom}. Starlette then echoes the caller\'s Origin when a cookie is sent. List the trusted origins instead of "*".',
  },
  check(ctx) {
    for (const c of corsSettings(ctx.project)) {
      if (!c.wildcard || !c.credentials) continue;
      ctx.report({
        messageId: 'wildcard',
        data: { origins: c.originsText, originFrom: c.originsFrom, credentials: c.credentialsText, credFrom: c.credentialsFrom },
        at: c.loc,
        key: `cors-wildcard-credentials ${c.appLabel}`,
      });
    }
  },
};

export default rule;
