/** The two rules the suppress stage reports about suppressions themselves. */
import type { RuleMeta } from '../types.js';

export const FA001_SUPPRESSION_WITHOUT_REASON: RuleMeta = {
  id: 'FA001',
  name: 'suppression-without-reason',
  defaultSeverity: 'note',
  cwe: [],
  precision: 'very-high',
  docs: {
    summary: 'An inline `# fastapi-audit: ignore[...]` comment gives no reason.',
    what: 'Finds `# fastapi-audit: ignore[RULE]` comments with nothing after the brackets. The suppression still applies; this note asks for the reason.',
    notReported:
      'Ignores with any text after the brackets (the tool does not judge a reason), `# fastapi-audit: public` markers (declaring a route public is the statement; a reason after it is welcome but optional), and suppressions kept outside the code (a baseline file).',
    why: 'A silenced security finding is a decision someone made. Without the reason, the next reviewer cannot tell a deliberate public endpoint from a shortcut taken under pressure, and code scanning shows the dismissal with an empty justification.',
    example: ['@app.get("/metrics")  # fastapi-audit: ignore[FA101]', 'def metrics(): ...'].join('\n'),
    fix: 'Write why after the brackets: `# fastapi-audit: ignore[FA101] scraped by Prometheus inside the cluster only`. The text becomes the SARIF suppression justification.',
    references: ['https://github.com/fastapi-audit/fastapi-audit#suppressions'],
  },
};

export const FA002_UNUSED_SUPPRESSION: RuleMeta = {
  id: 'FA002',
  name: 'unused-suppression',
  defaultSeverity: 'note',
  cwe: [],
  precision: 'very-high',
  docs: {
    summary: 'An inline `# fastapi-audit:` comment suppresses nothing.',
    what: 'Finds `# fastapi-audit: ignore[RULE]` comments with no RULE finding on their line or the line below (for a route: its decorator or `def` line), ignores naming an unknown rule, and `# fastapi-audit:` comments that are not a valid directive.',
    notReported:
      'Ignores of a rule the configuration turns off (the rule did not run, so whether the ignore is used cannot be told), ignores that silence at least one finding, and comments that do not start with `fastapi-audit:`.',
    why: 'Suppressions outlive the code they were written for. A stale one silently hides the next finding that lands on that line, and a misspelt one hides nothing while the author believes it does.',
    example: ['# fastapi-audit: ignore[FA101] internal only', '@router.get("/items", dependencies=[Depends(require_user)])', 'def items(): ...'].join('\n'),
    fix: 'Delete the comment, or correct the rule id/name (e.g. `FA101` or `missing-auth`) and move it onto the reported line or the line above it.',
    references: ['https://github.com/fastapi-audit/fastapi-audit#suppressions'],
  },
};

export const SUPPRESSION_RULES: readonly RuleMeta[] = [FA001_SUPPRESSION_WITHOUT_REASON, FA002_UNUSED_SUPPRESSION];
