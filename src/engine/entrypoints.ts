/**
 * What the server runs, in and out: the targets handed to the linker (the config's `entrypoints`,
 * then those deployment files name), and the notices that keep a scan from passing as a clean
 * report when it could not see how an app is built (DESIGN.md "never a silent clean report").
 */
import type { Config } from '../config/types.js';
import type { ServerTarget } from '../discover/index.js';
import type { EntryTarget } from '../model/entrypoints.js';
import type { Project } from '../model/project.js';
import type { InstRec } from '../model/values.js';
import type { Notice } from '../types.js';

/** How many routers or apps a notice names before it says "and N more". */
const NAMED = 5;

export function entryTargets(found: readonly ServerTarget[], config: Config): EntryTarget[] {
  const out: EntryTarget[] = config.entrypoints.map((e) => ({
    module: e.module,
    attr: e.attr,
    factory: e.factory,
    dir: '',
    label: `${e.module}:${e.attr}${e.factory ? '()' : ''} (config \`entrypoints\`)`,
  }));
  for (const t of found) {
    const cmd = t.server === 'script' ? `console script ${t.module}:${t.attr}` : `${t.server} ${t.module}:${t.attr}${t.factory ? ' (factory)' : ''}`;
    out.push({
      module: t.module,
      attr: t.attr,
      factory: t.factory || t.server === 'script',
      dir: t.dir,
      label: `${cmd} (${t.file}:${t.line})`,
      loc: { file: t.file, line: t.line, column: 1 },
    });
  }
  return out;
}

function names(project: Project, insts: readonly InstRec[]): string {
  const shown = insts.slice(0, NAMED).map((i) => `\`${project.appName(i)}\` (${i.loc.file}:${i.loc.line})`);
  return shown.join(', ') + (insts.length > NAMED ? ` and ${insts.length - NAMED} more` : '');
}

export function entryNotices(project: Project): Notice[] {
  const out: Notice[] = [];
  for (const { target, why } of project.entry.unresolved) {
    const fromConfig = target.loc === undefined;
    out.push({
      level: fromConfig ? 'warning' : 'notice',
      message: `entry point ${target.label} was not run: ${why}`,
      ...(target.loc ? { file: target.loc.file, line: target.loc.line } : {}),
    });
  }
  const routers = [...new Set(project.unincluded.map((r) => r.app))];
  if (project.servedApps.length === 0 && routers.length) {
    out.push({
      level: 'warning',
      message: `no FastAPI or Starlette app is built by the code the scan sees, so its routes are not known to be served: ${routers.length === 1 ? 'router' : 'routers'} ${names(project, routers)} ${routers.length === 1 ? 'is' : 'are'} included by no app. If a server builds the app elsewhere, name it under \`entrypoints\` in the config (\`pkg.main:create_app()\`).`,
    });
  } else if (routers.length) {
    out.push({
      level: 'notice',
      message: `${routers.length === 1 ? 'router' : `${routers.length} routers`} ${names(project, routers)} ${routers.length === 1 ? 'is' : 'are'} included by no app once every entry point ran: ${project.unincluded.length} ${project.unincluded.length === 1 ? 'route is' : 'routes are'} listed as \`unincluded\`, not served. If a server includes ${routers.length === 1 ? 'it' : 'them'}, name its entry point under \`entrypoints\` in the config.`,
    });
  }
  const possible = project.servedApps.filter((a) => project.isPossible(a));
  if (possible.length && possible.length === project.servedApps.length) {
    out.push({
      level: 'notice',
      message: `no deployment file, \`__main__\` block or command the scan sees starts ${possible.length === 1 ? 'app' : 'apps'} ${names(project, possible)}: ${possible.length === 1 ? 'it is' : 'they are'} made only by code nothing calls, so app-level findings on ${possible.length === 1 ? 'it' : 'them'} are notes. Name what the server runs under \`entrypoints\` in the config.`,
    });
  }
  return out;
}
