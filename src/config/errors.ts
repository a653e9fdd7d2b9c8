/** One problem in the configuration, located as precisely as the source allows. */
export interface ConfigProblem {
  /** The config file (relative to the scan root when inside it); absent for CLI flags / action inputs. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** Dotted key path as written in the file, e.g. `rules.FA101.severity`, `public[2].methods[0]`. */
  key?: string;
  /** What is wrong, ending with `(allowed: …)` where a list of allowed values exists. */
  problem: string;
}

/** `file:line: key: problem`; parts that are unknown are left out. */
function formatProblem(p: ConfigProblem): string {
  const where = p.file ? (p.line ? `${p.file}:${p.line}: ` : `${p.file}: `) : '';
  return `${where}${p.key ? `${p.key}: ` : ''}${p.problem}`;
}

/**
 * An invalid configuration, config file, CLI flag, action input or baseline. The CLI exits 2 with
 * `message`; the action fails the step with it. `message` holds one formatted problem per line,
 * in file order.
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem | readonly ConfigProblem[]) {
    const list = Array.isArray(problems) ? (problems as readonly ConfigProblem[]) : [problems as ConfigProblem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = list;
  }

  /** The first problem's file and line, for an annotation. */
  get file(): string | undefined {
    return this.problems[0]?.file;
  }

  get line(): number | undefined {
    return this.problems[0]?.line;
  }
}
