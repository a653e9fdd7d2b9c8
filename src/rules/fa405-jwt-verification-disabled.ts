import type { Expr } from '../facts/ir.js';
import { alternatives, describe, type Value } from '../model/values.js';
import type { Severity } from '../types.js';
import { codeIndex } from '../analysis/code.js';
import type { Resolver } from '../analysis/resolve.js';
import { locOf, namesCallee, type CodeUnit } from '../analysis/units.js';
import { claimsFlow, insideVerifiedEnvelope, type ClaimsFlow } from '../analysis/claims.js';
import { isTestPath, where } from '../analysis/helpers.js';
import { argExpr, starStarArgs, type CallExpr } from '../analysis/ir.js';
import { jwtOp, LIB_NAME, type JwtOp } from '../analysis/jwt.js';
import type { Rule } from './types.js';
import { concreteAlternatives, dictEntry, flagOff, origin, sourceNote, type FlagReading } from '../analysis/values.js';

type Msg =
  | 'signatureOff'
  | 'verifyFalse'
  | 'algNone'
  | 'algFromToken'
  | 'noAlgorithms'
  | 'expOff'
  | 'issuedNone'
  | 'unverifiedClaims'
  | 'authlibNoValidate'
  | 'ctorNone'
  | 'ctorSignatureOff';

const HIGH: ReadonlySet<Msg> = new Set<Msg>(['noAlgorithms', 'expOff', 'authlibNoValidate']);
/** Findings about a decode: reported only when its claims reach an auth decision. */
const DECODED: ReadonlySet<Msg> = new Set<Msg>(['signatureOff', 'verifyFalse', 'algNone', 'algFromToken', 'noAlgorithms', 'expOff', 'unverifiedClaims', 'authlibNoValidate']);
/** Unverified reads: exempt when they only choose how the token is then verified. */
const UNVERIFIED: ReadonlySet<Msg> = new Set<Msg>(['signatureOff', 'verifyFalse', 'unverifiedClaims']);

const rule: Rule<Msg> = {
  meta: {
    id: 'FA405',
    name: 'jwt-verification-disabled',
    defaultSeverity: 'critical',
    cwe: [347, 345, 613],
    precision: 'high',
    docs: {
      summary: 'JWT decoded without verifying its signature or expiry, with the "none" algorithm, or without pinned algorithms',
      what: [
        'Reports, at the call, JWT handling in PyJWT (`import jwt`), python-jose (`from jose import jwt`) and authlib',
        '(`from authlib.jose import jwt`, `JsonWebToken(...)`), whatever the import alias, in any function body (handlers,',
        'dependencies, helpers) and in module code:',
        '',
        '- **critical** — `decode(..., options={"verify_signature": False})` (also through an options dict in a variable, a module',
        '  constant or a settings default), PyJWT 1.x `decode(..., verify=False)`, `algorithms` containing `"none"`, `algorithms`',
        '  taken from the token\'s own unverified header, tokens issued with `algorithm="none"`, python-jose',
        '  `get_unverified_claims(...)`, authlib `JsonWebToken([... "none" ...])`;',
        '- **high** — `options={"verify_exp": False}`, `decode` without `algorithms=` (PyJWT and python-jose), authlib',
        '  `claims = jwt.decode(...)` never followed by `claims.validate()`.',
        '',
        'A decode is reported when its claims reach an auth decision (src/analysis/claims.ts), following them through',
        'locals, subscripts and `.get(...)`, models built from them, the helpers they are passed to and the callers they are',
        'returned to: a condition or comparison on a claim (a role, a permission), a lookup (`get_user(claims["sub"])`), the',
        "request's state or session, a new token signed for the claimed subject, the principal a dependency returns (or a",
        'function whose callers the scan cannot see). The message names the decision.',
      ].join('\n'),
      notReported: [
        '- decodes whose claims reach no auth decision: shown to the client that sent the token (returned by a route',
        '  handler), logged or printed, put in a response or a debug record, or of which only the time claims are read',
        '  (`exp`, `iat`, `nbf`: a client checking when its own token expires), and results that are discarded;',
        '- an unverified read whose claims choose the key, algorithms, issuer or audience of a verifying decode in the same',
        '  function (peek, then verify: the normal multi-tenant and JWKS flow); an unverified read next to a verifying',
        '  decode whose claims it does not choose is reported, as is a fallback to unverified claims when verification fails;',
        '- `verify_exp` off when the code reads the `exp` claim itself (a manual expiry check);',
        '- `get_unverified_header(...)` (reading `kid` to pick a key) unless its `alg` feeds `algorithms=`; joserfc, whose',
        '  `decode` always verifies; test files. Function names decide nothing: where the claims go does.',
      ].join('\n'),
      why:
        'A JWT is only as trustworthy as the check of its signature: with verification off, or with the `none` algorithm ' +
        'accepted, anyone can write a token saying `"sub": "admin"`. When the token chooses the algorithm (no `algorithms=`, ' +
        'or `algorithms` read from its header) an attacker can sign with HS256 using your RSA public key as the HMAC secret ' +
        '(algorithm confusion; PyJWT < 2 and python-jose accept it). Without the `exp` check a leaked or logged-out token ' +
        'works forever.',
      example: [
        'import jwt',
        '',
        'def get_current_user(token: str = Depends(oauth2_scheme)):',
        '    payload = jwt.decode(token, options={"verify_signature": False})',
        '    return users[payload["sub"]]',
      ].join('\n'),
      fix: [
        'Verify the signature with the key and pin the algorithms you issue:',
        '',
        '```python',
        'payload = jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])',
        '```',
        '',
        'With authlib, call `claims.validate()` after `jwt.decode(...)`. If you must read a claim before verifying (to choose',
        'the key), verify the token in the same function afterwards.',
      ].join('\n'),
      references: [
        'https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode',
        'https://python-jose.readthedocs.io/en/latest/jwt/api.html',
        'https://docs.authlib.org/en/latest/jose/jwt.html',
        'https://fastapi.tiangolo.com/tutorial/security/oauth2-jwt/',
        'https://portswigger.net/web-security/jwt',
        'https://cwe.mitre.org/data/definitions/347.html',
      ],
    },
  },
  messages: {
    signatureOff:
      '`{call}` ({lib}) decodes the token without checking its signature: `options` sets `verify_signature` {value}{from}, and the claims reach an auth decision ({use}). Anyone can forge a token with any claims. Pass the key and `algorithms=[...]` and keep verification on (to peek at a claim that chooses the key, verify the token with it in the same function).',
    verifyFalse:
      '`{call}(..., verify=False)` turns off signature verification{note}{from}, and the claims reach an auth decision ({use}): anyone can forge a token. Remove `verify=False` and pass the key and `algorithms=[...]`.',
    algNone:
      '`{call}` ({lib}) accepts the "none" algorithm: `algorithms` is {value}{from}, so a token with `"alg": "none"` and no signature passes, and its claims reach an auth decision ({use}). List only the algorithms you sign with, e.g. `algorithms=["HS256"]`.',
    algFromToken:
      '`{call}` ({lib}) takes `algorithms` from the token\'s own unverified header: the attacker picks the algorithm (e.g. HS256 with your public key as the HMAC secret), and the claims reach an auth decision ({use}). Pin the algorithms you issue, e.g. `algorithms=["RS256"]`.',
    noAlgorithms:
      '`{call}` ({lib}) is called without `algorithms=`: {libNote} The claims reach an auth decision ({use}). Pass the algorithms you issue, e.g. `algorithms=["HS256"]`.',
    expOff:
      "`{call}` ({lib}) ignores the token's expiry: `options` sets `verify_exp` {value}{from} and nothing reads `exp` instead, so a leaked or revoked token stays valid forever; the claims reach an auth decision ({use}). Drop `verify_exp` (use `leeway=` for clock skew).",
    issuedNone:
      '`{call}` ({lib}) issues unsigned tokens: the algorithm is {value}{from}. Anyone can mint such a token, and a verifier that accepts it accepts forgeries. Sign with a real algorithm, e.g. `algorithm="HS256"`.',
    unverifiedClaims:
      "`{call}` reads the token's claims without verifying its signature, and they reach an auth decision ({use}): claims read this way can be forged. Use `jwt.decode(token, key, algorithms=[...])`.",
    authlibNoValidate:
      "`{name} = {call}(...)` in `{fn}` is never validated: authlib's `decode` checks the signature but not `exp`, `nbf` or `iss`, so expired tokens are accepted, and the claims reach an auth decision ({use}). Call `{name}.validate()` after decoding.",
    ctorNone: '`JsonWebToken({value})`{from} allows the "none" algorithm: unsigned tokens pass `decode`. List only the algorithms you sign with.',
    ctorSignatureOff:
      '`jwt.PyJWT(options=...)` turns off signature verification for every decode of this instance (it sets `verify_signature` {value}{from}): anyone can forge a token. Remove the option.',
  },
  check(ctx) {
    const ix = codeIndex(ctx.project);
    const resolver = ix.resolver;
    for (const unit of ix.units) {
      if (unit.calls.length === 0 || isTestPath(unit.file)) continue;
      const ops: Array<{ call: CallExpr; op: JwtOp }> = [];
      for (let i = 0; i < unit.calls.length; i++) {
        if (!namesCallee(unit, i)) continue;
        const op = jwtOp(ix.callee(unit, i));
        if (op) ops.push({ call: unit.calls[i]!, op });
      }
      if (!ops.length) continue;
      const verifyingCalls = new Set(
        ops
          .filter(
            ({ call, op }) =>
              (op.op === 'decode' || op.op === 'jwsVerify') &&
              !verifyArg(resolver, unit, call, op) &&
              !(op.op === 'decode' && optionOff(optionsOf(resolver, unit, call, slots(resolver, unit, call, op).options), 'verify_signature')),
          )
          .map((o) => o.call),
      );
      for (const { call, op } of ops) {
        let flow: ClaimsFlow | undefined;
        const claims = (): ClaimsFlow => (flow ??= claimsFlow(ctx.project, unit, call));
        const report = (messageId: Msg, data: Record<string, string>): void => {
          // a decode is reported when its claims reach an auth decision; a display-only decode is not
          let use = '';
          if (DECODED.has(messageId)) {
            const f = claims();
            if (!f.decision) return;
            // reading `exp` in code checks the expiry by hand
            if ((messageId === 'expOff' || messageId === 'authlibNoValidate') && f.expRead) return;
            // peek, then verify: the unverified claims choose how the token is verified
            if (UNVERIFIED.has(messageId) && f.choosesVerification) return;
            // a token carried inside the claims of a token verified here: signed with its envelope
            if (UNVERIFIED.has(messageId) && insideVerifiedEnvelope(unit, call, (c) => verifyingCalls.has(c))) return;
            use = `${f.decision.what}, ${where(f.decision.at)}`;
          }
          const severity: Severity = HIGH.has(messageId) ? 'high' : 'critical';
          ctx.report({
            messageId,
            data: { call: op.label, lib: LIB_NAME[op.lib], fn: fnName(unit), use, ...data },
            at: locOf(unit, call),
            key: `${messageId} ${op.label} ${unit.qual}`,
            severity,
          });
        };
        checkCall(resolver, unit, call, op, report);
      }
    }
  },
};

export default rule;

type Reporter = (messageId: Msg, data: Record<string, string>) => void;

function fnName(unit: CodeUnit): string {
  return unit.kind === 'module' ? unit.qual : unit.qual.slice(unit.mod.name.length + 1);
}

function shown(r: FlagReading): { value: string; from: string } {
  return { value: `${r.certain ? 'to' : 'possibly to'} \`${describe(r.alt)}\``, from: sourceNote(r.alt) };
}

function optionsOf(resolver: Resolver, unit: CodeUnit, call: CallExpr, pos: number | undefined): Value | undefined {
  const e = argExpr(call, 'options', pos);
  if (e) return resolver.value(unit, e);
  for (const s of starStarArgs(call)) {
    const d = resolver.value(unit, s);
    const o = dictEntry(d, 'options');
    if (o) return o;
  }
  return undefined;
}

function optionOff(options: Value | undefined, name: string): FlagReading | undefined {
  if (!options) return undefined;
  const v = dictEntry(options, name);
  return v ? flagOff(v) : undefined;
}

/**
 * Positional slots: PyJWT 2 `decode(jwt, key, algorithms, options)`, python-jose `decode(token, key,
 * algorithms, options)`, PyJWT 1.x `decode(jwt, key, verify, algorithms, options)` — recognised by a
 * boolean in the third slot.
 */
function slots(resolver: Resolver, unit: CodeUnit, call: CallExpr, op: JwtOp): { verify?: number; algorithms: number; options: number } {
  if (op.lib === 'pyjwt' && op.op === 'decode') {
    const p2 = argExpr(call, '', 2);
    if (p2 && concreteAlternatives(resolver.value(unit, p2)).every((a) => a.k === 'bool')) return { verify: 2, algorithms: 3, options: 4 };
  }
  return { algorithms: 2, options: 3 };
}

function verifyArg(resolver: Resolver, unit: CodeUnit, call: CallExpr, op: JwtOp): FlagReading | undefined {
  if (op.lib === 'pyjwt' && op.op === 'decode') {
    // PyJWT 1.x: decode(jwt, key='', verify=True, algorithms=None, options=None)
    const e = argExpr(call, 'verify', slots(resolver, unit, call, op).verify);
    return e ? flagOff(resolver.value(unit, e)) : undefined;
  }
  if (op.op === 'jwsVerify') {
    const e = argExpr(call, 'verify', 3);
    return e ? flagOff(resolver.value(unit, e)) : undefined;
  }
  return undefined;
}

function algorithmsExpr(resolver: Resolver, unit: CodeUnit, call: CallExpr, op: JwtOp): Expr | undefined {
  return argExpr(call, 'algorithms', slots(resolver, unit, call, op).algorithms);
}

function noneIn(v: Value): Value | undefined {
  for (const a of concreteAlternatives(v)) {
    if (a.k === 'str' && a.v.trim().toLowerCase() === 'none') return a;
    if ((a.k === 'list' || a.k === 'tuple' || a.k === 'set') && a.items.some((i) => alternatives(i).some((x) => x.k === 'str' && x.v.trim().toLowerCase() === 'none'))) return a;
  }
  return undefined;
}

/** Does an expression take its value from `get_unverified_header(...)` (directly or through locals)? */
function fromUnverifiedHeader(resolver: Resolver, unit: CodeUnit, e: Expr, seen = new Set<string>(), depth = 0): boolean {
  if (depth > 8) return false;
  switch (e.t) {
    case 'call': {
      const op = e.fn.t === 'attr' || e.fn.t === 'name' ? jwtOp(resolver.value(unit, e.fn)) : undefined;
      if (op?.op === 'unverifiedHeader') return true;
      if (e.fn.t === 'attr' && fromUnverifiedHeader(resolver, unit, e.fn.obj, seen, depth + 1)) return true; // header.get("alg")
      return e.args.some((a) => fromUnverifiedHeader(resolver, unit, a.v, seen, depth + 1));
    }
    case 'name': {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      const bs = unit.locals.get(e.id);
      return !!bs?.some((b) => b.v && fromUnverifiedHeader(resolver, unit, b.v, seen, depth + 1));
    }
    case 'sub':
      return fromUnverifiedHeader(resolver, unit, e.obj, seen, depth + 1);
    case 'attr':
      return fromUnverifiedHeader(resolver, unit, e.obj, seen, depth + 1);
    case 'list':
    case 'tuple':
    case 'set':
      return e.items.some((i) => fromUnverifiedHeader(resolver, unit, i, seen, depth + 1));
    case 'await':
    case 'starred':
      return fromUnverifiedHeader(resolver, unit, e.v, seen, depth + 1);
    default:
      return false;
  }
}

function checkCall(resolver: Resolver, unit: CodeUnit, call: CallExpr, op: JwtOp, report: Reporter): void {
  // joserfc always verifies, and its algorithms default to a safe registry
  if (op.lib === 'joserfc') return;
  switch (op.op) {
    case 'decode':
    case 'jwsVerify': {
      if (op.lib === 'authlib') {
        checkAuthlibDecode(unit, call, report);
        return;
      }
      const vf = verifyArg(resolver, unit, call, op);
      const options = op.op === 'decode' ? optionsOf(resolver, unit, call, slots(resolver, unit, call, op).options) : undefined;
      const sig = optionOff(options, 'verify_signature');
      if (vf || sig) {
        if (vf)
          report('verifyFalse', {
            from: sourceNote(vf.alt),
            note: op.lib === 'pyjwt' ? ' and every claim check (PyJWT 1.x; PyJWT 2 ignores the argument, but the intent stands)' : '',
          });
        else report('signatureOff', shown(sig!));
        return;
      }
      const algE = algorithmsExpr(resolver, unit, call, op);
      if (algE) {
        const algs = resolver.value(unit, algE);
        const none = noneIn(algs);
        if (none) report('algNone', { value: `\`${describe(none)}\``, from: origin(none) });
        else if (fromUnverifiedHeader(resolver, unit, algE)) report('algFromToken', {});
      } else if (op.op === 'decode' && !call.args.some((a) => a.star) && !(options && dictEntry(options, 'algorithms'))) {
        report('noAlgorithms', {
          libNote:
            op.lib === 'pyjwt'
              ? 'PyJWT 1.x then accepts whatever algorithm the token names (an RS256 public key becomes an HS256 secret: algorithm confusion); PyJWT 2 refuses the call.'
              : "python-jose then accepts whatever algorithm the token's header names (algorithm confusion: a public key used as an HMAC secret).",
        });
      }
      const exp = optionOff(options, 'verify_exp');
      if (exp) report('expOff', shown(exp));
      return;
    }
    case 'encode': {
      let alg: Value | undefined;
      if (op.lib === 'authlib') {
        const h = argExpr(call, 'header', 0);
        alg = h ? dictEntry(resolver.value(unit, h), 'alg') : undefined;
      } else {
        const a = argExpr(call, 'algorithm', 2);
        const h = argExpr(call, 'headers', 3);
        alg = (h ? dictEntry(resolver.value(unit, h), 'alg') : undefined) ?? (a ? resolver.value(unit, a) : undefined);
      }
      const none = alg ? noneIn(alg) : undefined;
      if (none) report('issuedNone', { value: `\`${describe(none)}\``, from: origin(none) });
      return;
    }
    case 'unverifiedClaims':
      report('unverifiedClaims', {});
      return;
    case 'ctor': {
      if (op.lib === 'authlib') {
        const a = argExpr(call, 'algorithms', 0);
        const none = a ? noneIn(resolver.value(unit, a)) : undefined;
        if (none) report('ctorNone', { value: describe(none), from: origin(none) });
      } else {
        const off = optionOff(optionsOf(resolver, unit, call, 1), 'verify_signature');
        if (off) report('ctorSignatureOff', shown(off));
      }
      return;
    }
    default:
      return;
  }
}

/** authlib: `claims = jwt.decode(...)` must be followed by `claims.validate()` (unless the claims are handed on). */
function checkAuthlibDecode(unit: CodeUnit, call: CallExpr, report: Reporter): void {
  const strip = (e: Expr | null): Expr | null => (e && e.t === 'await' ? strip(e.v) : e);
  let name: string | undefined;
  for (const [n, bs] of unit.locals) if (bs.some((b) => strip(b.v) === call)) name = n;
  if (!name) return;
  const uses = (e: Expr): boolean => e.t === 'name' && e.id === name;
  if (unit.returns.some((r) => r && uses(strip(r)!))) return;
  for (const c of unit.calls) {
    if (c.fn.t === 'attr' && c.fn.attr === 'validate' && uses(c.fn.obj)) return;
    if (c.args.some((a) => uses(a.v))) return; // handed to another function (which may validate)
  }
  report('authlibNoValidate', { name });
}
