/**
 * Rule documentation, written once in each rule's metadata and rendered here for every place that
 * shows it: `docs/rules/<ID>.md`, SARIF `help.markdown`/`help.text` and the README rules table.
 *
 * Conventions for `RuleDocs` fields: `what`, `notReported`, `why` and `fix` are markdown prose (code fences
 * allowed); `example` is the vulnerable Python code itself (it is fenced here unless it already
 * contains a fence); `references` are URLs or short markdown lines.
 */
import type { RuleMeta } from '../types.js';
import { authoredCell, escapeInline, fence, link } from './markdown.js';
import { compareStrings } from './location.js';

export const REPO_URL = 'https://github.com/fastapi-audit/fastapi-audit';

/** The rule's page on GitHub (SARIF `helpUri`). */
export function ruleDocUrl(id: string): string {
  return `${REPO_URL}/blob/main/docs/rules/${encodeURIComponent(id)}.md`;
}

function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}

/** `FA101 missing-auth`: how a rule is named in titles and annotations. */
export function ruleTitle(meta: Pick<RuleMeta, 'id' | 'name'>): string {
  return `${meta.id} ${meta.name}`;
}

function exampleBlock(example: string): string {
  return /^\s*(```|~~~)/m.test(example) ? example.trim() : fence(example, 'python');
}

interface Section {
  heading: string;
  body: string;
}

function sections(meta: RuleMeta): Section[] {
  const d = meta.docs;
  return [
    { heading: 'What it finds', body: d.what.trim() },
    { heading: 'What it does not report', body: (d.notReported ?? '').trim() },
    { heading: 'Why it matters', body: d.why.trim() },
    { heading: 'Example', body: d.example.trim() },
    { heading: 'Fix', body: d.fix.trim() },
    { heading: 'References', body: d.references.map((r) => `- ${r.trim()}`).join('\n') },
  ].filter((s) => s.body !== '');
}

/** The rule's page in markdown: the generated `docs/rules/<ID>.md` and SARIF `help.markdown`. */
export function ruleMarkdown(meta: RuleMeta): string {
  const cwes = meta.cwe.length ? meta.cwe.map((n) => link(`CWE-${n}`, cweUrl(n))).join(', ') : '—';
  const out = [
    `# ${escapeInline(ruleTitle(meta))}`,
    '',
    meta.docs.summary.trim(),
    '',
    `Default severity: **${meta.defaultSeverity}** · Precision: **${meta.precision}** · CWE: ${cwes}`,
  ];
  for (const s of sections(meta)) {
    out.push('', `## ${s.heading}`, '', s.heading === 'Example' ? exampleBlock(s.body) : s.body);
  }
  return `${out.join('\n')}\n`;
}

/** The same content as plain text (SARIF `help.text`, shown where markdown is not rendered). */
export function ruleHelpText(meta: RuleMeta): string {
  const out = [`${ruleTitle(meta)}: ${meta.docs.summary.trim()}`];
  if (meta.cwe.length) out.push(`CWE: ${meta.cwe.map((n) => `CWE-${n}`).join(', ')}`);
  for (const s of sections(meta)) {
    const body = s.heading === 'Example' ? s.body.replace(/^(?=.)/gm, '    ') : s.body;
    out.push('', s.heading, body);
  }
  return `${out.join('\n')}\n`;
}

/** The README rules table: id (linking to the rule page), name, default severity, what it finds. */
export function rulesTable(metas: readonly RuleMeta[], docsDir = 'docs/rules'): string {
  const rows = [...metas]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((m) => `| ${link(m.id, `${docsDir}/${m.id}.md`)} | ${escapeInline(m.name)} | ${m.defaultSeverity} | ${authoredCell(m.docs.summary.trim())} |`);
  return ['| Rule | Name | Default severity | What it finds |', '| --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}
