import type { Router } from '../core/project-info';

/** A command line the user got wrong: the CLI prints `message` and the usage hint, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface InitArgs {
  readonly command: 'init';
  readonly dir?: string;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly router?: Router;
  readonly apiBaseUrlEnv?: string;
  readonly loginPath?: string;
  readonly refreshPath?: string;
  readonly usernameField?: string;
  readonly passwordField?: string;
  readonly exposeAccessToken: boolean;
  readonly protect: readonly string[];
  readonly types: boolean;
}

export interface CheckArgs {
  readonly command: 'check';
  readonly paths: readonly string[];
  readonly format: 'text' | 'json';
  readonly severity: 'warning' | 'error';
  readonly sensitiveFields: readonly string[];
}

export type ParsedArgs = InitArgs | CheckArgs | { readonly command: 'help'; readonly topic?: 'init' | 'check' } | { readonly command: 'version' };

type FlagSpec = { readonly takesValue: boolean; readonly repeatable?: boolean; readonly choices?: readonly string[] };

const INIT_FLAGS: Record<string, FlagSpec> = {
  '--yes': { takesValue: false },
  '--dry-run': { takesValue: false },
  '--router': { takesValue: true, choices: ['app', 'pages'] },
  '--api-base-url-env': { takesValue: true },
  '--login-path': { takesValue: true },
  '--refresh-path': { takesValue: true },
  '--username-field': { takesValue: true },
  '--password-field': { takesValue: true },
  '--no-session-access-token': { takesValue: false },
  '--protect': { takesValue: true, repeatable: true },
  '--types': { takesValue: false },
};

const CHECK_FLAGS: Record<string, FlagSpec> = {
  '--format': { takesValue: true, choices: ['text', 'json'] },
  '--severity': { takesValue: true, choices: ['warning', 'error'] },
  '--sensitive-field': { takesValue: true, repeatable: true },
};

const SHORT_FLAGS: Record<string, string> = { '-y': '--yes', '-h': '--help', '-v': '--version', '-f': '--format' };

/**
 * Parses the command line (without `node` and the script). `--flag value` and `--flag=value` both work;
 * `--` ends the options. Throws UsageError with a precise message for an unknown command or flag, a
 * missing or invalid value, a repeated single-use flag, or too many folders for `init`.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args = argv.map((a) => SHORT_FLAGS[a] ?? a);
  if (args.length === 0) throw new UsageError('missing command: expected "init" or "check".');
  if (args[0] === '--version') return { command: 'version' };
  if (args[0] === '--help' || args[0] === 'help') {
    const topic = args[1];
    return topic === 'init' || topic === 'check' ? { command: 'help', topic } : { command: 'help' };
  }
  const [command, ...rest] = args;
  if (command !== 'init' && command !== 'check') {
    throw new UsageError(
      command.startsWith('-') ? `expected a command before "${command}": "init" or "check".` : `unknown command "${command}": expected "init" or "check".`,
    );
  }
  if (rest.includes('--help')) return { command: 'help', topic: command };
  const specs = command === 'init' ? INIT_FLAGS : CHECK_FLAGS;
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = specs[name];
    if (!spec) {
      const known = Object.keys(specs).join(', ');
      throw new UsageError(`unknown option "${name}" for ${command}. Options: ${known}.`);
    }
    let value = 'true';
    if (spec.takesValue) {
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < rest.length && !(rest[i + 1].startsWith('--') && rest[i + 1].length > 2)) value = rest[++i];
      else throw new UsageError(`option ${name} needs a value.`);
      if (value === '') throw new UsageError(`option ${name} needs a non-empty value.`);
      if (spec.choices && !spec.choices.includes(value)) {
        throw new UsageError(`option ${name} must be one of ${spec.choices.join(', ')} (got "${value}").`);
      }
    } else if (eq > 0) {
      throw new UsageError(`option ${name} takes no value.`);
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`option ${name} was given more than once.`);
    list.push(value);
    values.set(name, list);
  }
  const one = (name: string) => values.get(name)?.[0];
  const flag = (name: string) => values.has(name);

  if (command === 'check') {
    return {
      command,
      paths: positionals,
      format: (one('--format') ?? 'text') as 'text' | 'json',
      severity: (one('--severity') ?? 'warning') as 'warning' | 'error',
      sensitiveFields: values.get('--sensitive-field') ?? [],
    };
  }
  if (positionals.length > 1) {
    throw new UsageError(`init takes one folder, got ${positionals.length}: ${positionals.map((p) => `"${p}"`).join(', ')}.`);
  }
  if (flag('--yes') && flag('--dry-run')) throw new UsageError('--yes and --dry-run contradict each other: pick one.');
  return {
    command,
    dir: positionals[0],
    yes: flag('--yes'),
    dryRun: flag('--dry-run'),
    router: one('--router') as Router | undefined,
    apiBaseUrlEnv: one('--api-base-url-env'),
    loginPath: one('--login-path'),
    refreshPath: one('--refresh-path'),
    usernameField: one('--username-field'),
    passwordField: one('--password-field'),
    exposeAccessToken: !flag('--no-session-access-token'),
    protect: values.get('--protect') ?? [],
    types: flag('--types'),
  };
}
