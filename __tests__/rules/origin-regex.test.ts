/**
 * The allow_origin_regex analysis behind FA202: which origins a pattern lets through that its owner
 * does not control, decided from the parsed pattern and checked against the compiled one.
 */
import { describe, expect, it } from 'vitest';
import { analyseOriginRegex, registrable, translatePython } from '../../src/analysis/origin-regex.js';

const kinds = (p: string) => analyseOriginRegex(p).problems.map((x) => `${x.kind} ${x.witness}`);

describe('allow_origin_regex analysis', () => {
  it('accepts patterns that pin the scheme and the registrable domain', () => {
    for (const p of [
      String.raw`https://.*\.example\.com`,
      String.raw`^https://.*\.example\.com$`,
      String.raw`\Ahttps://([a-z0-9-]+\.)*example\.com\Z`,
      String.raw`https://(www\.)?example\.com`,
      String.raw`https://[a-z0-9-]+\.example\.(com|org)`,
      String.raw`https://example\.com(:\d+)?`,
      String.raw`https://(?P<sub>[a-z]+)\.example\.co\.uk`,
      String.raw`http://localhost:\d+|https://app\.example\.com`,
      String.raw`http://(localhost|127\.0\.0\.1)(:\d+)?`,
      String.raw`https://example.com`, // one unescaped dot between the name and the TLD: only "examplexcom" matches more
      String.raw`https://myapp-git-myteam\.vercel\.app`, // one exact deployment on shared hosting
    ]) {
      expect(kinds(p), p).toEqual([]);
    }
  });

  it('finds any-origin patterns', () => {
    expect(kinds('.*')).toEqual(['any https://evil.com']);
    expect(kinds('https://.*')).toEqual(['any https://evil.com']);
    expect(kinds(String.raw`https://[a-z]+\.com`)).toEqual(['any https://evil.com']);
    expect(kinds('(?i)HTTPS://.+')).toEqual(['any https://evil.com']);
  });

  it('finds look-alike domains: a host part glued to the owner domain, unescaped dots, suffix extension', () => {
    expect(kinds(String.raw`https://.*example\.com`)).toEqual(['foreign https://evilexample.com']);
    expect(kinds(String.raw`https://[a-z.]+example\.com`)).toEqual(['foreign https://evilexample.com']);
    expect(kinds('https://app.example.com')).toEqual(['foreign https://appxexample.com']);
    expect(kinds(String.raw`https://example\.com.*`)).toEqual(['foreign https://example.com.evil.com']);
  });

  it('knows shared hosting suffixes', () => {
    const r = analyseOriginRegex(String.raw`https://.*\.vercel\.app`);
    expect(r.problems.map((p) => p.kind)).toEqual(['foreign']);
    expect(r.problems[0]!.witness).toBe('https://evil.vercel.app');
    expect(r.problems[0]!.cause).toContain('vercel.app');
    expect(kinds(String.raw`https://myapp-[a-z0-9-]+\.vercel\.app`)).toEqual(['foreign https://myapp-evil.vercel.app']);
  });

  it('finds plain-http origins and missing schemes', () => {
    expect(kinds(String.raw`https?://app\.example\.com`)).toEqual(['http http://app.example.com']);
    expect(kinds(String.raw`http://.*\.example\.com`)).toEqual(['http http://evil.example.com']);
    const r = analyseOriginRegex(String.raw`.*\.example\.com`);
    expect(r.noScheme).toBe(true);
    expect(r.problems.map((p) => p.kind)).toEqual(['http']);
  });

  it('translates Python syntax and gives up on what it cannot translate', () => {
    expect(translatePython(String.raw`(?P<a>x)(?P=a)\Z`)).toEqual({ source: String.raw`(?<a>x)\k<a>$`, flags: '' });
    expect(translatePython('(?i)abc')).toEqual({ source: 'abc', flags: 'i' });
    expect(translatePython('[]a]')).toEqual({ source: String.raw`[\]a]`, flags: '' });
    expect(translatePython('a{,3}')).toEqual({ source: 'a{0,3}', flags: '' });
    expect(analyseOriginRegex('(?>a)').analysed).toBe(false);
    expect(analyseOriginRegex('(unclosed').analysed).toBe(false);
  });

  it('never backtracks on the scanned pattern: ambiguous repetitions cost linear time', () => {
    // with RegExp.test these take hours (2^32 ways to split the a's before the failing tail)
    const a32 = 'a'.repeat(32);
    expect(analyseOriginRegex(`https://(a|a)*(${a32}|z).`)).toMatchObject({ analysed: true, problems: [] });
    expect(kinds(`https://(a|a)*(${a32}|z).*`)).toEqual(['foreign https://z.evil.com']);
    expect(kinds(String.raw`https://(a+)+\.example\.com.*`)).toEqual(['foreign https://a.example.com.evil.com']);
    expect(kinds(String.raw`https://([a-z0-9-]+.)*example\.com`)).toEqual(['foreign https://evilexample.com']);
    expect(kinds(String.raw`https://(\w+\.)*example\.com`)).toEqual([]);
    // bounded repetitions that unroll past the state budget, and backreferences: not analysed (no finding)
    expect(analyseOriginRegex('((((a{8}){8}){8}){8}){8}')).toMatchObject({ analysed: false, problems: [] });
    expect(analyseOriginRegex(String.raw`https://(?P<a>x)(?P=a)\.com`).analysed).toBe(false);
    expect(analyseOriginRegex(`https://${'(a|b)'.repeat(500)}.*`)).toMatchObject({ analysed: false, why: 'longer than 2000 characters' });
  }, 10_000);

  it('computes registrable domains', () => {
    expect(registrable('a.b.example.com')).toBe('example.com');
    expect(registrable('shop.example.co.uk')).toBe('example.co.uk');
    expect(registrable('app.vercel.app')).toBe('app.vercel.app');
    expect(registrable('vercel.app')).toBeUndefined();
  });
});
