const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces lone surrogates (which cannot be UTF-8 encoded) with U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A scan-root-relative POSIX path as a relative URI reference (RFC 3986): each segment is
 * percent-encoded as UTF-8, so spaces, `#`, `%`, `?`, `:` and non-ASCII characters survive a round
 * trip through any URI parser (`a b/#1%.py` → `a%20b/%231%25.py`). `/` stays the separator.
 */
export function encodePath(file: string): string {
  return wellFormed(file).split('/').map(encodeURIComponent).join('/');
}

/**
 * Joins the scan root's POSIX path inside the repository (`services/api`; "" or "." for the
 * repository root) and a scan-root-relative file. Code scanning, annotations and blob links resolve
 * paths against the repository root, while findings are relative to the scan root; fingerprints stay
 * computed on the scan-root-relative path so they do not change with the prefix.
 */
export function repoPath(file: string, prefix = ''): string {
  const base = prefix
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  return base === '' || base === '.' ? file : `${base}/${file}`;
}
