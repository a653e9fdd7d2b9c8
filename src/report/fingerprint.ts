import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/**
 * The fingerprint SARIF's partialFingerprints and the baseline both use: a hash of the rule id, the
 * file and the finding's line-independent key, so inserting lines above a finding keeps it.
 */
export function fingerprintOf(f: Pick<Finding, 'ruleId' | 'location' | 'fingerprint'>): string {
  return createHash('sha256').update(`${f.ruleId}\0${f.location.file}\0${f.fingerprint}`).digest('hex').slice(0, 32);
}
