/**
 * The `entrypoints` config key: what the server runs, written the way servers take it on their
 * command line. `module:attr` names an app object; a trailing `()` (`module:create_app()`, the way
 * gunicorn and hypercorn write it) names a factory the server calls with no arguments, which is
 * what `uvicorn --factory module:create_app` does. One syntax for both, so a user copies the
 * target from their start command and adds `()` when the command says `--factory`.
 */

/** An entry point the user names: the server imports `module` and takes `attr`, calling it when `factory`. */
export interface Entrypoint {
  /** Dotted module, e.g. `pkg.app`. */
  module: string;
  /** Attribute of the module, possibly dotted (`Server.app`), e.g. `app`, `create_app`. */
  attr: string;
  /** Call `attr` with no arguments to get the app. */
  factory: boolean;
}

// Python identifiers (PEP 3131, approximately: letters, digits, `_`), dot-separated.
const IDENT = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const DOTTED = `${IDENT}(?:\\.${IDENT})*`;
const ENTRYPOINT = new RegExp(`^(${DOTTED}):(${DOTTED})(\\(\\))?$`, 'u');

/** `pkg.app:create_app()` → `{ module: 'pkg.app', attr: 'create_app', factory: true }`; undefined when malformed. */
export function parseEntrypoint(text: string): Entrypoint | undefined {
  const m = ENTRYPOINT.exec(text);
  return m ? { module: m[1]!, attr: m[2]!, factory: m[3] !== undefined } : undefined;
}
