import picomatch from 'picomatch';
import type { PublicRoute } from './types.js';

/** Compiles the public-route list once; `match(path, methods)` says whether a route is public on purpose. */
export function publicRouteMatcher(routes: readonly PublicRoute[]): (path: string, methods: readonly string[]) => PublicRoute | undefined {
  const compiled = routes.map((r) => ({
    route: r,
    test: picomatch(r.path, { dot: true }),
    methods: r.methods?.map((m) => m.toUpperCase()),
  }));
  return (path, methods) => {
    // Normalise: "/a/b/" and "/a/b" are the same route for this purpose; path parameters stay as written.
    const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path || '/';
    for (const c of compiled) {
      if (!c.test(p)) continue;
      if (c.methods && methods.length > 0 && !methods.every((m) => c.methods!.includes(m))) continue;
      return c.route;
    }
    return undefined;
  };
}
