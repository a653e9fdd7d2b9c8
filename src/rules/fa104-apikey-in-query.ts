import type { Rule } from './types.js';
import { isClass } from '../analysis/helpers.js';

const rule: Rule<'query'> = {
  meta: {
    id: 'FA104',
    name: 'apikey-in-query',
    defaultSeverity: 'medium',
    cwe: [598],
    precision: 'very-high',
    docs: {
      summary: 'API key read from the query string (APIKeyQuery)',
      what: 'Reports every `APIKeyQuery(...)` security scheme (from `fastapi.security` or `fastapi.security.api_key`, under any import alias, and subclasses of it).',
      notReported: [
        'API keys read from headers (`APIKeyHeader`) or cookies (`APIKeyCookie`, see FA105), and plain `Query()`',
        'parameters, whatever their names: only the `APIKeyQuery` scheme declares that a credential travels in the URL.',
      ].join('\n'),
      why:
        'A credential in the URL is written to access logs of every proxy and server it passes, to browser history and ' +
        'bookmarks, and is sent to other sites in the `Referer` header. Anyone with read access to those logs can replay it.',
      example: ['from fastapi.security import APIKeyQuery', '', 'api_key = APIKeyQuery(name="api_key")'].join('\n'),
      fix: ['Read the key from a header instead:', '', '```python', 'from fastapi.security import APIKeyHeader', '', 'api_key = APIKeyHeader(name="X-API-Key")', '```'].join('\n'),
      references: [
        'https://cwe.mitre.org/data/definitions/598.html',
        'https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url',
        'https://fastapi.tiangolo.com/reference/security/#fastapi.security.APIKeyQuery',
      ],
    },
  },
  messages: {
    query: 'API key taken from the query string (`APIKeyQuery(name={name})`): keys in URLs leak into access logs, browser history and Referer headers. Use `APIKeyHeader` instead.',
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const inst of ctx.project.interp.insts) {
      if (!isClass(ctx.project, inst.cls, 'fastapi.APIKeyQuery')) continue;
      const key = `${inst.loc.file}:${inst.loc.line}:${inst.loc.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const name = inst.args.kw.get('name');
      ctx.report({
        messageId: 'query',
        data: { name: name?.k === 'str' ? JSON.stringify(name.v) : '...' },
        at: inst.loc,
        key: `APIKeyQuery ${ctx.project.nameOf(inst) ?? (name?.k === 'str' ? name.v : '')}`,
      });
    }
  },
};

export default rule;
