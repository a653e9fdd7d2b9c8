/**
 * The IR (src/facts/ir.ts) is the contract between the parse workers and everything after them.
 * This test pins it byte for byte: the JSON of each file's FileFacts, as the extractor builds it, is
 * hashed and compared with __tests__/parse/facts-snapshot.json, on a fixed corpus (corpus.ts: a
 * syntax tour, hostile sources, fixtures, examples, a generated slice, the oracle cases if present).
 * A file whose source changed since the snapshot (or that is new) is not compared, so editing a
 * fixture does not fail this test; the test fails when the IR of an unchanged source changes, and
 * when too few files could be compared (a stale snapshot).
 *
 * After an intended change of the IR (or to add the files that are new):
 *   UPDATE_FACTS_SNAPSHOT=1 npx vitest run __tests__/parse/facts-snapshot.test.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLocParts } from '../../src/facts/loc.js';
import { factsFromSource } from '../../src/parse/job.js';
import { corpus, OPTIONAL_GROUPS } from './corpus.js';

const SNAPSHOT = path.join(import.meta.dirname, 'facts-snapshot.json');

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

describe('FileFacts snapshot', () => {
  it('the extractor gives byte-identical facts JSON on the pinned corpus', async () => {
    const sources = await corpus();
    const current: Record<string, string> = {};
    for (const s of sources) current[s.key] = `${hash(s.text)}:${hash(JSON.stringify(withLocParts(await factsFromSource(s.text, s.key, s.bytes))))}`;

    if (process.env.UPDATE_FACTS_SNAPSHOT) {
      const files = Object.fromEntries(
        Object.keys(current)
          .sort()
          .map((k) => [k, current[k]]),
      );
      writeFileSync(SNAPSHOT, JSON.stringify({ about: 'sha256 (16 hex) of each source : of JSON.stringify(FileFacts); see facts-snapshot.test.ts', files }, null, 1) + '\n');
      return;
    }

    const pinned = (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { files: Record<string, string> }).files;
    const changed: string[] = [];
    let compared = 0;
    let required = 0;
    let requiredCompared = 0;
    for (const [key, want] of Object.entries(pinned)) {
      const optional = OPTIONAL_GROUPS.has(key.slice(0, key.indexOf('/')));
      if (!optional) required++;
      const got = current[key];
      if (!got || got.slice(0, 16) !== want.slice(0, 16)) continue; // the source changed or is gone
      compared++;
      if (!optional) requiredCompared++;
      if (got !== want) changed.push(key);
    }
    expect(changed, 'the FileFacts JSON of these unchanged sources changed (an IR change? see the header to update)').toEqual([]);
    expect(requiredCompared, `only ${requiredCompared} of ${required} pinned files are unchanged: update the snapshot`).toBeGreaterThanOrEqual(required * 0.75);
    expect(compared).toBeGreaterThan(100);
  });
});
