/** The rule registry: every rule, in id order. */
import type { Rule } from './types.js';
import fa101 from './fa101-missing-auth.js';
import fa102 from './fa102-websocket-missing-auth.js';
import fa103 from './fa103-optional-auth-unchecked.js';
import fa104 from './fa104-apikey-in-query.js';
import fa105 from './fa105-apikey-in-cookie.js';
import fa106 from './fa106-secret-compare-timing.js';
import fa107 from './fa107-auth-fails-open.js';
import fa108 from './fa108-credential-not-verified.js';
import fa201 from './fa201-cors-wildcard-credentials.js';
import fa202 from './fa202-cors-permissive-regex.js';
import fa203 from './fa203-cors-null-or-insecure-origin.js';
import fa204 from './fa204-cors-wildcard.js';
import fa301 from './fa301-missing-trusted-host.js';
import fa302 from './fa302-missing-https-redirect.js';
import fa303 from './fa303-proxy-headers-trust-all.js';
import fa401 from './fa401-debug-enabled.js';
import fa402 from './fa402-docs-exposed.js';
import fa403 from './fa403-session-insecure.js';
import fa404 from './fa404-cookie-insecure.js';
import fa405 from './fa405-jwt-verification-disabled.js';
import fa406 from './fa406-hardcoded-secret.js';

export const RULES: readonly Rule[] = [
  fa101,
  fa102,
  fa103,
  fa104,
  fa105,
  fa106,
  fa107,
  fa108,
  fa201,
  fa202,
  fa203,
  fa204,
  fa301,
  fa302,
  fa303,
  fa401,
  fa402,
  fa403,
  fa404,
  fa405,
  fa406,
] as Rule[];
