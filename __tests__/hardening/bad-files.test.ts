/**
 * Bad files and bad trees through the real engine (`scan()`, in-process, `threads: 1`) and the
 * SARIF the entry points write: every case ends with a schema-valid SARIF file, findings at the
 * right lines and columns (UTF-16 code units, SARIF `columnKind`), and a notice naming each file
 * that was skipped or only partly understood. Issue 7, "Bad input".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_BYTES, loadConfig } from '../../src/config/index.js';
import { KNOWN_RULES } from '../../src/engine/scan.js';
import { allUris, APP, APP_LINES, cleanupProjects, config, notificationTexts, outputsOf, project, regions, scanDir, tempDir, type Region, type Spec } from './helpers.js';

afterAll(cleanupProjects);

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Findings of one file, by rule, without the file name. */
const byRule = (rs: Region[], file: string) => Object.fromEntries(rs.filter((r) => r.file === file).map(({ rule, file: _f, ...rest }) => [rule, rest]));

describe('encodings', () => {
  // Line 3 puts non-ASCII text before the finding, so the column shows how the line was decoded:
  // `x = "é😀"; app = ` is 17 UTF-16 code units (16 code points, 21 UTF-8 bytes).
  const WIDE = ['from fastapi import FastAPI', '', 'x = "é😀"; app = FastAPI(debug=True)', '', '', '@app.post("/items")', 'def create_item(item: dict):', '    return item', ''];
  const FA401_WIDE = { startLine: 3, startColumn: 18, endLine: 3, endColumn: 37 };
  const FA101 = { startLine: 6, startColumn: 2, endLine: 6, endColumn: 20 };

  it('UTF-8, with and without a BOM: the BOM is not a column', async () => {
    const root = project({ 'plain.py': WIDE.join('\n'), 'bom.py': Buffer.concat([BOM, utf8(WIDE.join('\n'))]) });
    const r = await scanDir(root);
    expect(r.notices).toEqual([]);
    const rs = regions(outputsOf(r).results);
    for (const f of ['plain.py', 'bom.py']) {
      expect(byRule(rs, f).FA401, f).toEqual(FA401_WIDE);
      expect(byRule(rs, f).FA101, f).toEqual(FA101);
    }
  });

  it('Latin-1 with a `# -*- coding: latin-1 -*-` line is decoded as Latin-1 (not as UTF-8)', async () => {
    // The bytes C3 A9 are "Ã©" in Latin-1 (two columns) but "é" in UTF-8 (one).
    const lines = [
      '# -*- coding: latin-1 -*-',
      'from fastapi import FastAPI',
      's = "\u00c3\u00a9 caf\u00e9"; app = FastAPI(debug=True)',
      '@app.post("/items")',
      'def f(): pass',
      '',
    ];
    const root = project({ 'legacy.py': latin1(lines.join('\n')), 'cp1252.py': latin1(lines.join('\n').replace('latin-1', 'cp1252')) });
    const r = await scanDir(root);
    expect(r.notices).toEqual([]);
    const rs = regions(outputsOf(r).results);
    for (const f of ['legacy.py', 'cp1252.py']) {
      // s1 ␠2 =3 ␠4 "5 Ã6 ©7 ␠8 c9 a10 f11 é12 "13 ;14 ␠15 a16 p17 p18 ␠19 =20 ␠21 F22
      expect(byRule(rs, f).FA401, f).toEqual({ startLine: 3, startColumn: 22, endLine: 3, endColumn: 41 });
      expect(byRule(rs, f).FA101?.startLine, f).toBe(4);
    }
  });

  it('invalid UTF-8: bytes replaced (one U+FFFD each), a notice names the file, findings keep their places', async () => {
    const bytes = Buffer.concat([
      utf8('# \u00e9'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      utf8('\nfrom fastapi import FastAPI\nx = "'),
      Buffer.from([0x80]),
      utf8('"; app = FastAPI(debug=True)\n'),
    ]);
    const root = project({ 'broken_bytes.py': bytes, 'ok.py': APP });
    const r = await scanDir(root);
    expect(r.notices).toEqual([{ level: 'notice', file: 'broken_bytes.py', message: 'broken_bytes.py: invalid utf-8; undecodable bytes replaced' }]);
    const out = outputsOf(r);
    // x1 ␠2 =3 ␠4 "5 �6 "7 ;8 ␠9 a10 p11 p12 ␠13 =14 ␠15 F16
    expect(byRule(regions(out.results), 'broken_bytes.py').FA401).toEqual({ startLine: 3, startColumn: 16, endLine: 3, endColumn: 35 });
    expect(notificationTexts(out.log)).toContain('broken_bytes.py: invalid utf-8; undecodable bytes replaced');
  });

  it('an unknown or unsupported coding is read as UTF-8, with a notice', async () => {
    const root = project({ 'odd.py': `# coding: klingon-8\n${APP}`, 'utf32.py': `# -*- coding: utf-32 -*-\n${APP}` });
    const r = await scanDir(root);
    expect(r.notices.map((n) => n.message)).toEqual(['odd.py: unknown coding "klingon-8"; read as UTF-8', 'utf32.py: unknown coding "utf-32"; read as UTF-8']);
    expect(
      regions(outputsOf(r).results)
        .filter((x) => x.rule === 'FA401')
        .map((x) => `${x.file}:${x.startLine}`),
    ).toEqual(['odd.py:4', 'utf32.py:4']);
  });
});

describe('line endings', () => {
  // A finding on one line (FA401), one whose region spans lines (FA201 on the middleware call) and
  // a route (FA101), with non-ASCII text before the first.
  const LINES = [
    'from fastapi import FastAPI',
    'from fastapi.middleware.cors import CORSMiddleware',
    '',
    'x = "é😀"; app = FastAPI(debug=True)',
    'app.add_middleware(',
    '    CORSMiddleware,',
    '    allow_origins=["*"],',
    '    allow_credentials=True,',
    ')',
    '',
    '@app.post("/items")',
    'def create_item(item: dict):',
    '    return item',
    '',
  ];

  it('CRLF, lone CR and mixed endings give the same lines and columns as LF', async () => {
    const lf = LINES.join('\n');
    const mixed = LINES.map((l, i) => l + (i === LINES.length - 1 ? '' : ['\r\n', '\n', '\r'][i % 3])).join('');
    const root = project({ 'lf.py': lf, 'crlf.py': LINES.join('\r\n'), 'cr.py': LINES.join('\r'), 'mixed.py': mixed });
    const r = await scanDir(root);
    expect(r.notices).toEqual([]);
    const rs = regions(outputsOf(r).results);
    const want = byRule(rs, 'lf.py');
    expect(want.FA401).toEqual({ startLine: 4, startColumn: 18, endLine: 4, endColumn: 37 });
    expect(want.FA101).toMatchObject({ startLine: 11, startColumn: 2 });
    expect(want.FA201, 'FA201 is reported').toBeDefined();
    expect(want.FA201!.startLine).toBeGreaterThanOrEqual(5);
    expect(want.FA201!.startLine).toBeLessThanOrEqual(9);
    for (const f of ['crlf.py', 'cr.py', 'mixed.py']) expect(byRule(rs, f), f).toEqual(want);
    // the inventory says the same
    const lines = r.inventory.routes.map((x) => `${x.file}:${x.line}`).sort();
    expect(lines).toEqual(['cr.py:11', 'crlf.py:11', 'lf.py:11', 'mixed.py:11']);
  });

  it('the reported line shows the flagged code in the file as GitHub splits it', async () => {
    // GitHub (like Python) ends a line at CRLF, LF or a lone CR.
    const root = project({ 'crlf.py': LINES.join('\r\n'), 'cr.py': LINES.join('\r') });
    const r = await scanDir(root);
    for (const x of regions(outputsOf(r).results)) {
      const text = readFileSync(path.join(root, x.file), 'utf8').split(/\r\n|\r|\n/);
      if (x.rule === 'FA401') expect(text[x.startLine - 1]!.slice(x.startColumn! - 1, x.endColumn! - 1), x.file).toBe('FastAPI(debug=True)');
      if (x.rule === 'FA101') expect(text[x.startLine - 1], x.file).toBe('@app.post("/items")');
    }
  });
});

describe('binary, empty and huge files', () => {
  it('NUL bytes or a binary file named .py: skipped with a notice; the rest is scanned', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const lateNul = Buffer.concat([utf8(`${APP}\n# ${'x'.repeat(10_000)}\n`), Buffer.from([0]), utf8('\n')]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(APP, 'utf16le')]);
    const root = project({ 'image.py': png, 'late_nul.py': lateNul, 'utf16.py': utf16, 'app.py': APP });
    // By default the prefilter drops files without a FastAPI word before decoding them: no notice.
    expect((await scanDir(root)).notices.map((n) => n.file)).toEqual(['late_nul.py']);
    const r = await scanDir(root, { noPrefilter: true });
    expect(r.notices.map((n) => `${n.file}: ${n.message}`)).toEqual([
      'image.py: image.py: skipped, binary file (NUL byte)',
      'late_nul.py: late_nul.py: skipped, binary file (NUL byte)',
      'utf16.py: utf16.py: skipped, binary file (NUL byte)',
    ]);
    const out = outputsOf(r);
    expect(new Set(regions(out.results).map((x) => x.file))).toEqual(new Set(['app.py']));
  });

  it('empty, blank, BOM-only, comment-only and CR-only files: nothing to report, no notice', async () => {
    const root = project({ 'empty.py': '', 'blank.py': '\n\n   \n', 'bom.py': BOM, 'comment.py': '# fastapi', 'cr.py': '\r\r\r', 'pkg/__init__.py': '' });
    const r = await scanDir(root, { noPrefilter: true });
    expect(r.notices).toEqual([]);
    expect(r.stats.parsed).toBe(6);
    const out = outputsOf(r);
    expect(out.results).toEqual([]);
    expect(r.inventory.routes).toEqual([]);
  });

  it(`a 50 MB one-line file is skipped by the size cap (default ${DEFAULT_MAX_FILE_BYTES} bytes) with a notice, without being read`, async () => {
    expect(DEFAULT_MAX_FILE_BYTES).toBe(2 * 1024 * 1024);
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    utf8('from fastapi import FastAPI; app = FastAPI(debug=True); x = "').copy(big);
    big[big.length - 1] = 0x22;
    const root = project({ 'big.py': big, 'app.py': APP });
    const t0 = performance.now();
    const r = await scanDir(root);
    const ms = performance.now() - t0;
    expect(r.notices).toEqual([{ level: 'notice', file: 'big.py', message: `skipped: ${big.length} bytes > limit (${DEFAULT_MAX_FILE_BYTES} bytes)` }]);
    expect(r.stats.bytes).toBe(APP.length);
    expect(ms).toBeLessThan(5_000);
    const out = outputsOf(r);
    expect(new Set(regions(out.results).map((x) => x.file))).toEqual(new Set(['app.py']));
    expect(notificationTexts(out.log)).toEqual([`skipped: ${big.length} bytes > limit (${DEFAULT_MAX_FILE_BYTES} bytes)`]);
    expect(allUris(out.log)).toContain('big.py');
  });

  it('`max-file-size` in the config sets the cap', async () => {
    const root = project({
      '.fastapi-audit.yml': 'max-file-size: 100KB\n',
      'small.py': `${APP}\n# ${'x'.repeat(50 * 1024)}\n`,
      'large.py': `${APP}\n# ${'x'.repeat(150 * 1024)}\n`,
    });
    const { config: cfg } = await loadConfig({ root, knownRules: KNOWN_RULES });
    expect(cfg.maxFileBytes).toBe(100 * 1024);
    const r = await scanDir(root, { config: cfg });
    expect(r.notices.map((n) => `${n.file}: ${n.message}`)).toEqual([`large.py: skipped: ${readFileSync(path.join(root, 'large.py')).length} bytes > limit (102400 bytes)`]);
    expect(new Set(regions(outputsOf(r).results).map((x) => x.file))).toEqual(new Set(['small.py']));
  });

  it('a 1.9 MB one-line file under the cap parses in bounded time, and its finding is reported', async () => {
    // a long string, a long flat expression and a long list on one line, then the app
    const line = `x = "${'a'.repeat(900_000)}"; y = 1${' + 1'.repeat(150_000)}; z = [${'1, '.repeat(100_000)}]; from fastapi import FastAPI; app = FastAPI(debug=True)\n`;
    expect(line.length).toBeGreaterThan(1.8e6);
    expect(line.length).toBeLessThan(DEFAULT_MAX_FILE_BYTES);
    const root = project({ 'long.py': line });
    const t0 = performance.now();
    const r = await scanDir(root);
    const ms = performance.now() - t0;
    expect(ms, `${Math.round(ms)} ms`).toBeLessThan(30_000);
    // `1 + 1 + …` nests 150 000 deep: past the extractor's bound, with a warning
    expect(r.notices).toEqual([
      { level: 'warning', file: 'long.py', line: 1, message: expect.stringMatching(/^long\.py: code nested more than 200 levels deep is not scanned, first at line 1/) },
    ]);
    const fa401 = byRule(regions(outputsOf(r).results), 'long.py').FA401!;
    expect(fa401.startLine).toBe(1);
    expect(line.slice(fa401.startColumn! - 1, fa401.endColumn! - 1)).toBe('FastAPI(debug=True)');
  });
});

describe('deep nesting: no stack overflow, a result, and the code after it still counts', () => {
  const N = 10_000;
  const tail = '\nfrom fastapi import FastAPI\napp = FastAPI(debug=True)\n';
  const deep: Record<string, string> = {
    parens: `x = ${'('.repeat(N)}1${')'.repeat(N)}`,
    brackets: `x = ${'['.repeat(N)}${']'.repeat(N)}`,
    braces: `x = ${'{'.repeat(N)}${'}'.repeat(N)}`,
    dicts: `x = ${'{"k": '.repeat(N)}1${'}'.repeat(N)}`,
    calls: `x = ${'f('.repeat(N)}${')'.repeat(N)}`,
    attributes: `x = a${'.b'.repeat(N)}`,
    subscripts: `x = a${'[0]'.repeat(N)}`,
    unary: `x = ${'-'.repeat(N)}1`,
    nots: `x = ${'not '.repeat(N)}y`,
    lambdas: `x = ${'lambda: '.repeat(N)}1`,
    ternaries: `x = ${'a if b else '.repeat(N)}c`,
    binops: `x = 1${' + 1'.repeat(N)}`,
    powers: `x = 2${' ** 2'.repeat(N)}`,
    comprehensions: `x = ${'[y for y in '.repeat(2_000)}z${']'.repeat(2_000)}`,
    fstrings: `x = ${'f"{'.repeat(200)}1${'}"'.repeat(200)}`,
    walrus: `x = ${'(y := '.repeat(N)}1${')'.repeat(N)}`,
    decorators: `${'@d\n'.repeat(N)}def f(): pass`,
    ifs: Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n') + `\n${' '.repeat(1_000)}pass`,
    defs: Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}def f():`).join('\n') + `\n${' '.repeat(1_000)}pass`,
    classes: Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}class A:`).join('\n') + `\n${' '.repeat(1_000)}pass`,
    tries: Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}try:`).join('\n') + `\n${' '.repeat(1_000)}pass`,
    withs: Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}with a:`).join('\n') + `\n${' '.repeat(1_000)}pass`,
  };
  // Never closed: the parser's error recovery has to cope; no promise about the code after it.
  const unclosed: Record<string, string> = {
    open_parens: `x = ${'('.repeat(N)}`,
    open_mixed: `x = ${'([{'.repeat(N)}`,
    stars: `x = ${'*'.repeat(N)}y`,
    open_strings: `x = ${'f"{'.repeat(N)}`,
  };

  it(`${Object.keys(deep).length} constructs nested ${N} (blocks: 1 000) deep: scanned, FA401 after each one reported`, async () => {
    const spec: Spec = {};
    for (const [k, v] of Object.entries(deep)) spec[`deep_${k}.py`] = v + tail;
    const root = project(spec);
    const t0 = performance.now();
    const r = await scanDir(root, { noPrefilter: true });
    expect(performance.now() - t0).toBeLessThan(60_000);
    const out = outputsOf(r);
    const withFa401 = new Set(
      regions(out.results)
        .filter((x) => x.rule === 'FA401')
        .map((x) => x.file),
    );
    // Deeply indented blocks hit a limit of the grammar (a syntax error notice), but the code after them parses.
    expect([...withFa401].sort()).toEqual(Object.keys(spec).sort());
    // What is nested past the extractor's bound is not scanned: a warning says so, at the line
    const cut = /^(deep_\w+\.py): code nested more than 200 levels deep is not scanned, first at line \d+(; \d+ places in this file)?$/;
    for (const n of r.notices) expect(n.message).toMatch(cut.test(n.message) ? cut : /^deep_(ifs|defs|classes|tries|withs)\.py: syntax errors at line \d+; scanned what parsed$/);
    const cutFiles = r.notices.filter((n) => cut.test(n.message)).map((n) => n.file);
    for (const k of ['parens', 'brackets', 'braces', 'dicts', 'calls', 'attributes', 'subscripts', 'unary', 'nots', 'lambdas', 'ternaries', 'binops', 'powers', 'walrus'])
      expect(cutFiles).toContain(`deep_${k}.py`);
  });

  it('unclosed nesting 10 000 deep: a notice naming the file, no crash', async () => {
    const spec: Spec = { 'app.py': APP };
    for (const [k, v] of Object.entries(unclosed)) spec[`${k}.py`] = v + tail;
    const r = await scanDir(project(spec), { noPrefilter: true });
    expect(r.notices.map((n) => n.file).sort()).toEqual(
      Object.keys(unclosed)
        .map((k) => `${k}.py`)
        .sort(),
    );
    for (const n of r.notices) expect(n.message).toMatch(/syntax errors at line/);
    expect(regions(outputsOf(r).results).some((x) => x.file === 'app.py' && x.rule === 'FA401')).toBe(true);
  });
});

describe('syntax errors', () => {
  it('partial facts from the recovered tree, and a notice naming the file and the lines', async () => {
    const broken = [
      'from fastapi import FastAPI',
      'app = FastAPI(debug=True)',
      'def broken(:',
      '    pass',
      '',
      '@app.post("/after")',
      'def after():',
      '    return 1',
      'class (:',
      '',
    ].join('\n');
    const garbage = ')))]]]}}} def class : = @@ "unterminated\n\t\t  return yield\n';
    const root = project({ 'broken.py': broken, 'garbage.py': garbage, 'fine.py': APP });
    const r = await scanDir(root, { noPrefilter: true });
    expect(r.notices.map((n) => [n.file, n.message, n.line])).toEqual([
      ['broken.py', 'broken.py: syntax errors at line 3, 9; scanned what parsed', 3],
      ['garbage.py', expect.stringMatching(/^garbage\.py: syntax errors at line 1(, \d+)*; scanned what parsed$/), 1],
    ]);
    const out = outputsOf(r);
    const rs = regions(out.results);
    expect(byRule(rs, 'broken.py').FA401).toMatchObject({ startLine: 2, startColumn: 7 });
    expect(byRule(rs, 'broken.py').FA101).toMatchObject({ startLine: 6 });
    expect(r.inventory.routes.map((x) => `${x.file}:${x.line} ${x.path}`)).toEqual(['broken.py:6 /after', 'fine.py:6 /items']);
    // and the SARIF file says so, at the file
    const notes = out.log.runs[0]!.invocations![0]!.toolExecutionNotifications!;
    expect(notes.find((n) => n.message.text!.startsWith('broken.py:'))!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'broken.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3 },
    });
  });
});

describe('trees', () => {
  it('paths with spaces, unicode, #, %, ?, brackets, quotes, backslash and newline: percent-encoded URIs that decode to the path', async () => {
    const names = [
      'my app/ma in.py',
      'données/café.py', // NFC
      'cafe\u0301/nfd.py', // NFD: a different file name on Linux
      'a#b/c%20d.py',
      '100%/x.py',
      'q?x/y.py',
      '[brackets]/{braces}.py',
      'quote\'s/"double".py',
      'semi;colon&amp+plus=eq,comma.py',
      'back\\slash.py',
      'new\nline.py',
      'tab\there.py',
      '-leading-dash.py',
      '🚀/日本語.py',
    ];
    const root = project(Object.fromEntries(names.map((n) => [n, APP])));
    const r = await scanDir(root);
    expect(r.notices).toEqual([]);
    const out = outputsOf(r);
    const fa401 = regions(out.results).filter((x) => x.rule === 'FA401');
    expect(fa401.map((x) => x.file).sort()).toEqual([...names].sort());
    for (const uri of allUris(out.log)) {
      // RFC 3986: only unreserved characters, sub-delims, ':', '@', '/' and percent-escapes.
      expect(uri, uri).toMatch(/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$/);
      expect(names).toContain(decodeURIComponent(uri));
    }
    expect(r.inventory.routes.map((x) => x.file).sort()).toEqual([...names].sort());
  });

  it('symlink loops end; links out of the root are never followed; a link to a FIFO is not read', async () => {
    const outside = project({ 'secret/app.py': APP, 'leak.py': APP });
    const root = project({
      'app/main.py': APP,
      'app/loop': { link: '..' },
      'app/self': { link: 'self' },
      a: { link: 'b' },
      b: { link: 'a' },
      'app/ext': { link: path.join(outside, 'secret') },
      'app/leak.py': { link: path.join(outside, 'leak.py') },
      'app/up': { link: '../..' },
      pipe: { fifo: true },
      'app/pipe.py': { link: '../pipe' },
      'fifo.py': { fifo: true },
      'dir.py/inner.py': APP,
    });
    const run = scanDir(root);
    const r = await Promise.race([run, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the scan hangs (reading a FIFO?)')), 20_000))]);
    expect(r.notices.map((n) => `${n.file}: ${n.message}`)).toEqual([
      'a: broken symlink (ELOOP); skipped',
      'app/ext: symlink points outside the scan root; not followed',
      'app/leak.py: symlink points outside the scan root; not followed',
      'app/pipe.py: not a regular file (a FIFO); skipped',
      'app/self: broken symlink (ELOOP); skipped',
      'app/up: symlink points outside the scan root; not followed',
      'b: broken symlink (ELOOP); skipped',
    ]);
    const out = outputsOf(r);
    expect(new Set(regions(out.results).map((x) => x.file))).toEqual(new Set(['app/main.py', 'dir.py/inner.py']));
    for (const uri of allUris(out.log)) expect(uri.startsWith('..') || uri.startsWith('/') || uri.includes(':')).toBe(false);
  }, 30_000);

  it('a FIFO named as a scan path is not read either', async () => {
    const root = project({ 'app.py': APP, 'named.py': { fifo: true } });
    const r = await Promise.race([
      scanDir(root, { paths: ['named.py', 'app.py'] }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the scan hangs on a FIFO')), 20_000)),
    ]);
    expect(r.notices).toEqual([{ level: 'notice', file: 'named.py', message: 'not a regular file (a FIFO); skipped' }]);
    expect(r.findings.length).toBeGreaterThan(0);
  }, 30_000);

  it('very deep directories: 300 levels, the finding at the bottom is reported with its full path', async () => {
    const dir = Array.from({ length: 300 }, (_, i) => `d${i % 10}`).join('/');
    const root = project({ [`${dir}/deep.py`]: APP, 'top.py': APP });
    const r = await scanDir(root);
    const out = outputsOf(r);
    expect(new Set(regions(out.results).map((x) => x.file))).toEqual(new Set([`${dir}/deep.py`, 'top.py']));
  });

  it('a scan root that vanished or is empty: an empty, valid report', async () => {
    const gone = path.join(tempDir(), 'gone');
    const r = await scanDir(gone);
    const none =
      'no Python files found under .: nothing was scanned (include: every .py file; exclude: none; and the built-in excludes: .git, node_modules, virtualenvs, site-packages, __pycache__, build, dist, tool caches)';
    expect(r.notices).toEqual([
      { level: 'warning', message: `scan root ${gone} cannot be read (ENOENT)` },
      { level: 'warning', message: `${none}; see the other notices` },
    ]);
    expect(outputsOf(r).results).toEqual([]);
    const empty = await scanDir(tempDir());
    expect(empty.notices).toEqual([{ level: 'warning', message: none }]);
    expect(outputsOf(empty).results).toEqual([]);
  });
});

it('helpers: APP_LINES is what the positions above assume', () => {
  expect(APP_LINES[2]).toBe('app = FastAPI(debug=True)');
  expect(APP_LINES[5]).toBe('@app.post("/items")');
  expect(config().maxFileBytes).toBe(DEFAULT_MAX_FILE_BYTES);
});
