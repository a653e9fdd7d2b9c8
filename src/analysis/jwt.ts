/**
 * Which JWT library function a call reaches, whatever the import spelling: PyJWT (`import jwt`,
 * `import jwt as pyjwt`, `from jwt import decode`, `jwt.PyJWT().decode`), python-jose
 * (`from jose import jwt`, `from jose import jwt as jose_jwt`, `jose.jws`) and authlib
 * (`from authlib.jose import jwt`, `JsonWebToken([...])` instances). Shared by FA405 and FA406.
 */
import type { Value } from '../model/values.js';

export type JwtLib = 'pyjwt' | 'jose' | 'authlib' | 'joserfc';
type JwtOpKind = 'decode' | 'encode' | 'unverifiedClaims' | 'unverifiedHeader' | 'jwsVerify' | 'jwsSign' | 'ctor';

export interface JwtOp {
  lib: JwtLib;
  op: JwtOpKind;
  /** How a reader recognises the call: `jwt.decode` (PyJWT), `jose.jwt.decode`, … */
  label: string;
}

export const LIB_NAME: Record<JwtLib, string> = { pyjwt: 'PyJWT', jose: 'python-jose', authlib: 'authlib', joserfc: 'joserfc' };

const PYJWT_MODULES = new Set(['jwt', 'jwt.api_jwt', 'jwt.api_jws']);
const PYJWT_FUNCS: Record<string, JwtOpKind> = {
  decode: 'decode',
  decode_complete: 'decode',
  encode: 'encode',
  get_unverified_header: 'unverifiedHeader',
};
const JOSE_FUNCS: Record<string, Record<string, JwtOpKind>> = {
  'jose.jwt': {
    decode: 'decode',
    encode: 'encode',
    get_unverified_claims: 'unverifiedClaims',
    get_unverified_header: 'unverifiedHeader',
    get_unverified_headers: 'unverifiedHeader',
  },
  'jose.jws': {
    verify: 'jwsVerify',
    sign: 'jwsSign',
    get_unverified_claims: 'unverifiedClaims',
    get_unverified_header: 'unverifiedHeader',
    get_unverified_headers: 'unverifiedHeader',
  },
};

function split(path: string): [string, string] {
  const dot = path.lastIndexOf('.');
  return [path.slice(0, dot), path.slice(dot + 1)];
}

function isAuthlibJwtClass(path: string): boolean {
  return /^authlib\.jose(\.rfc7519(\.jwt)?)?\.JsonWebToken$/.test(path);
}

function isPyJwtClass(path: string): boolean {
  return path === 'jwt.PyJWT' || path === 'jwt.api_jwt.PyJWT';
}

/** The JWT operation a resolved callee is, if any. */
export function jwtOp(callee: Value): JwtOp | undefined {
  if (callee.k === 'ext') {
    const p = callee.path;
    if (!p.startsWith('jwt.') && !p.startsWith('jose.') && !p.startsWith('authlib.') && !p.startsWith('joserfc.')) return undefined;
    const [mod, fn] = split(callee.path);
    if ((mod === 'joserfc.jwt' || mod === 'joserfc.jws') && (fn === 'encode' || fn === 'decode' || fn === 'serialize_compact' || fn === 'deserialize_compact')) {
      return { lib: 'joserfc', op: fn === 'encode' || fn === 'serialize_compact' ? 'encode' : 'decode', label: `${mod}.${fn}` };
    }
    if (PYJWT_MODULES.has(mod) && PYJWT_FUNCS[fn]) return { lib: 'pyjwt', op: PYJWT_FUNCS[fn]!, label: `jwt.${fn}` };
    const jose = JOSE_FUNCS[mod]?.[fn];
    if (jose) return { lib: 'jose', op: jose, label: `${mod}.${fn}` };
    if (mod === 'authlib.jose.jwt' && (fn === 'decode' || fn === 'encode')) return { lib: 'authlib', op: fn, label: `authlib.jose.jwt.${fn}` };
    if (isAuthlibJwtClass(callee.path)) return { lib: 'authlib', op: 'ctor', label: 'JsonWebToken' };
    if (isPyJwtClass(callee.path)) return { lib: 'pyjwt', op: 'ctor', label: 'jwt.PyJWT' };
    return undefined;
  }
  if (callee.k === 'method' && callee.self.k === 'inst' && callee.self.inst.cls.k === 'ext') {
    const cls = callee.self.inst.cls.path;
    if (isAuthlibJwtClass(cls) && (callee.name === 'decode' || callee.name === 'encode')) return { lib: 'authlib', op: callee.name, label: `JsonWebToken.${callee.name}` };
    if (isPyJwtClass(cls) && PYJWT_FUNCS[callee.name]) return { lib: 'pyjwt', op: PYJWT_FUNCS[callee.name]!, label: `PyJWT.${callee.name}` };
  }
  return undefined;
}

/** Where the key sits in each operation: [keyword, positional index]. */
export function keySlot(op: JwtOp): [string, number] | undefined {
  switch (op.op) {
    case 'decode':
    case 'jwsVerify':
      return ['key', 1];
    case 'encode':
      // authlib and joserfc: encode(header, payload, key)
      return op.lib === 'authlib' || op.lib === 'joserfc' ? ['key', 2] : ['key', 1];
    case 'jwsSign':
      return ['key', 1];
    default:
      return undefined;
  }
}
