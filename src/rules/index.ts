/** The rule registry: every rule, in id order. */
import type { Rule } from './types.js';
import fa101 from './fa101-missing-auth.js';
import fa102 from './fa102-websocket-missing-auth.js';
import fa104 from './fa104-apikey-in-query.js';
import fa201 from './fa201-cors-wildcard-credentials.js';
import fa204 from './fa204-cors-wildcard.js';
import fa301 from './fa301-missing-trusted-host.js';
import fa302 from './fa302-missing-https-redirect.js';

export const RULES: readonly Rule[] = [fa101, fa102, fa104, fa201, fa204, fa301, fa302] as Rule[];
