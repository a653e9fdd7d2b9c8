/**
 * Bytes → text the way CPython reads a source file: a UTF-8 BOM is dropped, a PEP 263 coding
 * cookie on line 1 or 2 picks the codec, invalid UTF-8 is replaced (with a notice), NUL bytes mean
 * "binary, not Python". Line endings are normalised to \n (CRLF and lone CR both end a line in
 * Python; tree-sitter only knows \n), which keeps line numbers and columns what a reader sees.
 */
import { TextDecoder } from 'node:util';

export type Decoded = { ok: true; text: string; warning?: string } | { ok: false; reason: string };

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(buf: Uint8Array): Decoded {
  let start = 0;
  let bom = false;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    start = 3;
    bom = true;
  }
  // A NUL byte in the first 8 KiB: a binary file with a .py name.
  const probe = Math.min(buf.length, start + 8192);
  for (let i = start; i < probe; i++) if (buf[i] === 0) return { ok: false, reason: 'binary file (NUL byte)' };
  if (buf.indexOf(0, probe) !== -1) return { ok: false, reason: 'binary file (NUL byte)' };

  let encoding = 'utf-8';
  if (!bom) {
    const head = new TextDecoder('latin1').decode(buf.subarray(0, Math.min(buf.length, 400)));
    const lines = head.split(/\r\n|\r|\n/, 2);
    for (const line of lines) {
      const m = COOKIE.exec(line);
      if (m) {
        encoding = m[1]!.toLowerCase().replace(/_/g, '-');
        break;
      }
      if (!/^[ \t\f]*(#.*)?$/.test(line)) break; // the cookie must be on a comment-only line
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding === 'latin-1' || encoding === 'iso-8859-1' ? 'latin1' : encoding, { fatal: true });
  } catch {
    return decodeUtf8(buf.subarray(start), `unknown coding "${encoding}"; read as UTF-8`);
  }
  try {
    return { ok: true, text: normaliseNewlines(decoder.decode(buf.subarray(start))) };
  } catch {
    return decodeUtf8(buf.subarray(start), `invalid ${encoding}; undecodable bytes replaced`);
  }
}

function decodeUtf8(buf: Uint8Array, warning: string): Decoded {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  return { ok: true, text: normaliseNewlines(text), warning };
}

function normaliseNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
