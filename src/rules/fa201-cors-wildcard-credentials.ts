import type { Rule } from './types.js';
import { appRole, browserCredentials, evidenceText } from '../analysis/apps.js';
import { addedNote, corsConfigs, corsKey, credentials, originsText, wildcardEntry } from '../analysis/cors.js';

const rule: Rule<'wildcard'> = {
  meta: {
    id: 'FA201',
    name: 'cors-wildcard-credentials',
    defaultSeverity: 'critical',
    cwe: [942, 346],
    precision: 'very-high',
    docs: {
      summary: 'CORS allows any origin with credentials: every website can make authenticated requests',
      what: [
        'Reports `CORSMiddleware` configured with `"*"` in `allow_origins` together with a true `allow_credentials`, in every',
        'form it is installed: `app.add_middleware(...)` (also inside a helper that receives the app), `Middleware(...)` in',
        '`FastAPI(middleware=[...])`/`Starlette(middleware=[...])`, the ASGI wrapper `app = CORSMiddleware(app, ...)`, under',
        'any import alias and for subclasses of it. The values are resolved, not read as literals: module constants, names',
        'imported from other modules, pydantic settings fields (`settings.BACKEND_CORS_ORIGINS`), `os.getenv("ORIGINS", "*")`',
        'defaults (also after `.split(",")`), list concatenations, and both branches of a condition the scan cannot decide',
        '(the message names the branch). A settings field or environment default that is unsafe is reported, and the message',
        'says it is a default. A bare string counts when it contains `*` anywhere (Starlette tests `"*" in allow_origins`), and',
        'a string `allow_credentials` such as `os.getenv("CORS_CREDENTIALS", "false")` is true for Python.',
        '',
        '**Critical** when the app authenticates with something the browser attaches — cookies, sessions, HTTP Basic — and',
        'the message names it; **high** otherwise.',
      ].join('\n'),
      notReported: [
        'Explicit origin lists (what CORS is for), `"*"` without credentials (FA204, a note), regexes (FA202), `null` and',
        'plain-HTTP origins (FA203), values that cannot be resolved, and CORS on apps that serve no users: apps in test',
        'code, docs stubs and mock servers (see FA301). Severity follows the impact: **critical** only when the app',
        "authenticates with something the browser attaches to a foreign site's request — cookies (`APIKeyCookie`, a",
        '`Cookie()` credential or a `request.cookies` read that decides, a credential cookie it sets, fastapi-users',
        '`CookieTransport`), sessions (`SessionMiddleware`, `request.session`) or HTTP Basic/Digest; otherwise **high**, and the',
        'message says no such credential was found.',
      ].join('\n'),
      why:
        "With this combination Starlette reflects the request's `Origin` back in `Access-Control-Allow-Origin` whenever the " +
        'request carries a cookie, and answers preflights with the requesting origin: any website the user visits can call ' +
        "your API with the user's cookies and read the responses.",
      example: [
        'class Settings(BaseSettings):',
        '    BACKEND_CORS_ORIGINS: list[str] = ["*"]',
        '',
        'settings = Settings()',
        '',
        'app.add_middleware(',
        '    CORSMiddleware,',
        '    allow_origins=settings.BACKEND_CORS_ORIGINS,',
        '    allow_credentials=True,',
        ')',
      ].join('\n'),
      fix: [
        'List the origins you trust (and keep the default of the setting safe: the environment may not set it):',
        '',
        '```python',
        'class Settings(BaseSettings):',
        '    BACKEND_CORS_ORIGINS: list[str] = ["https://app.example.com"]',
        '```',
        '',
        'If the API must be readable from any site, turn credentials off: `allow_credentials=False` (then FA204 notes it).',
      ].join('\n'),
      references: [
        'https://www.starlette.io/middleware/#corsmiddleware',
        'https://fastapi.tiangolo.com/tutorial/cors/',
        'https://portswigger.net/web-security/cors',
        'https://cwe.mitre.org/data/definitions/942.html',
      ],
    },
  },
  messages: {
    wildcard:
      'CORS on `{app}` lets any website make credentialed requests: `allow_origins` is {origins}; `allow_credentials` is {credentials}{added}. ' +
      'Starlette then echoes the caller\'s Origin when a cookie is sent. {impact} List the trusted origins instead of "*".',
  },
  check(ctx) {
    const project = ctx.project;
    for (const c of corsConfigs(project)) {
      const star = wildcardEntry(c);
      if (!star) continue;
      const creds = credentials(project, c);
      if (!creds.on) continue;
      // docs stubs and mock servers serve no users
      const services = c.apps.filter((a) => appRole(project, a).kind === 'service');
      if (c.apps.length && !services.length) continue;
      // critical when the app authenticates with something the browser attaches to a foreign site's request
      const browser = services.length ? services.map((a) => browserCredentials(project, a)).find((e) => e) : browserCredentials(project, undefined);
      const impact = browser
        ? `The app authenticates with ${evidenceText(browser)}, which the browser attaches to those requests: any site the user visits can act as them and read the answers.`
        : 'No credential a browser attaches (cookie, session, HTTP Basic) was found in the code the app runs, so a foreign site gets only what the browser sends on its own; if the app does use one, this is critical.';
      ctx.report({
        messageId: 'wildcard',
        data: { app: c.appLabel, origins: originsText(project, c, star), credentials: creds.text, added: addedNote(project, c), impact },
        at: c.loc,
        key: corsKey(c, 'cors-wildcard-credentials'),
        severity: browser ? 'critical' : 'high',
        ...(browser ? { related: [{ at: browser.at, message: `the app authenticates with ${browser.what} here` }] } : {}),
      });
    }
  },
};

export default rule;
