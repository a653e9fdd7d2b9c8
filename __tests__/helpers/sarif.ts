/**
 * Test helpers for SARIF output:
 * - `validateSarifSchema(obj)`: the SARIF 2.1.0 JSON schema (the copy shipped in
 *   @microsoft/sarif-multitool, draft 2020-12) compiled once with ajv, formats checked by ajv-formats
 *   (so an unencoded space in an artifact URI fails `uri-reference`). Cheap enough to call
 *   thousands of times from a fuzz test.
 * - `runMultitool(path)`: the real `sarif-multitool validate --rule-kind "Gh;Sarif"` (GitHub's
 *   ingestion rules plus the SARIF spec rules), all levels. It exits 0 even when it finds errors,
 *   so the findings are read from the log it writes.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/** Absolute path of the multitool binary for this platform (`@microsoft/sarif-multitool` resolves it). */
function multitoolPath(): string {
  const bin = require('@microsoft/sarif-multitool') as string;
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    // npm skips install scripts, including the package's own `chmod u+x` postinstall.
    chmodSync(bin, statSync(bin).mode | 0o100);
  }
  return bin;
}

/** The schema file that ships with the multitool (so both validators agree on one schema). */
function sarifSchemaPath(): string {
  return join(dirname(multitoolPath()), 'sarif-2.1.0.json');
}

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (validator === undefined) {
    // The schema puts `required` in `anyOf` branches without repeating `properties`, which ajv's
    // strict mode rejects; everything else stays strict.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    formats.default(ajv); // CommonJS module: its `default` export is the plugin
    validator = ajv.compile(JSON.parse(readFileSync(sarifSchemaPath(), 'utf8')) as object);
  }
  return validator;
}

export interface SchemaResult {
  valid: boolean;
  errors: ErrorObject[];
}

export function validateSarifSchema(obj: unknown): SchemaResult {
  const validate = compiled();
  const valid = validate(obj) as boolean;
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}

export interface MultitoolMessage {
  ruleId: string;
  level: string;
  message: string;
}

export interface MultitoolReport {
  errors: MultitoolMessage[];
  warnings: MultitoolMessage[];
  notes: MultitoolMessage[];
}

interface LogMessage {
  ruleId?: string;
  descriptor?: { id?: string };
  level?: string;
  message?: { text?: string; arguments?: string[]; id?: string };
}

function text(m: LogMessage, rules: Map<string, Record<string, { text?: string }>>): string {
  if (m.message?.text) return m.message.text;
  const template = rules.get(m.ruleId ?? '')?.[m.message?.id ?? '']?.text ?? m.message?.id ?? '';
  return template.replace(/\{(\d+)\}/g, (_, i: string) => m.message?.arguments?.[Number(i)] ?? '');
}

/**
 * SARIF2006 (UrisShouldBeReachable) makes HTTP requests to every URI in the file; tests stay off the
 * network, so it is disabled. The multitool then says so in a notification, which is not a finding.
 */
const CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`;
const IGNORED = new Set(['WRN999.RuleExplicitlyDisabled']);

export function runMultitool(sarifPath: string): MultitoolReport {
  const dir = mkdtempSync(join(tmpdir(), 'fa-multitool-'));
  const out = join(dir, 'log.sarif');
  const config = join(dir, 'config.xml');
  writeFileSync(config, CONFIG);
  try {
    execFileSync(
      multitoolPath(),
      ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '--config', config, '--output', out, sarifPath],
      // Its console echo of every message can be megabytes: read the log file instead.
      { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024, timeout: 300_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
    );
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: {
        tool: { driver: { rules?: { id: string; messageStrings?: Record<string, { text?: string }> }[] } };
        results?: LogMessage[];
        invocations?: { toolExecutionNotifications?: LogMessage[]; toolConfigurationNotifications?: LogMessage[] }[];
      }[];
    };
    const report: MultitoolReport = { errors: [], warnings: [], notes: [] };
    for (const run of log.runs) {
      const rules = new Map((run.tool.driver.rules ?? []).map((r) => [r.id, r.messageStrings ?? {}]));
      const messages = [...(run.results ?? []), ...(run.invocations ?? []).flatMap((i) => [...(i.toolExecutionNotifications ?? []), ...(i.toolConfigurationNotifications ?? [])])];
      for (const m of messages) {
        if (IGNORED.has(m.ruleId ?? m.descriptor?.id ?? '')) continue;
        const level = m.level ?? 'warning';
        const entry = { ruleId: m.ruleId ?? m.descriptor?.id ?? '', level, message: text(m, rules) };
        (level === 'error' ? report.errors : level === 'warning' ? report.warnings : report.notes).push(entry);
      }
    }
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
