import type { Location } from '../types.js';

/** Code-unit string order: the same on every machine and locale (unlike localeCompare). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareLocations(a: Location, b: Location): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || (a.endLine ?? 0) - (b.endLine ?? 0) || (a.endColumn ?? 0) - (b.endColumn ?? 0);
}

export function positiveInt(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}

/** 1-based positions that consumers accept; the end is exclusive (the character after the range). */
export interface Range {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * A location's range made valid whatever the input: lines and columns are positive integers, the
 * start line defaults to 1, and end positions that are missing or precede the start are dropped.
 */
export function cleanRange(l: Partial<Pick<Location, 'line' | 'column' | 'endLine' | 'endColumn'>>): Range {
  const range: Range = { startLine: positiveInt(l.line) ?? 1 };
  const startColumn = positiveInt(l.column);
  if (startColumn !== undefined) range.startColumn = startColumn;
  const endLine = positiveInt(l.endLine);
  if (endLine === undefined || endLine < range.startLine) return range;
  range.endLine = endLine;
  const endColumn = positiveInt(l.endColumn);
  if (endColumn !== undefined && (endLine > range.startLine || endColumn >= (startColumn ?? 1))) range.endColumn = endColumn;
  return range;
}
