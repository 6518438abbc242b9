import { parseArgs as parseNodeArgs } from 'node:util';
import type { Router } from '../core/project-info';
import { REFRESH_STORES, type RefreshStoreKind } from '../core';

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
  readonly refreshStore?: RefreshStoreKind;
  readonly protect: readonly string[];
  readonly types: boolean;
}

export interface CheckArgs {
  readonly command: 'check';
  readonly paths: readonly string[];
  readonly format: 'text' | 'json' | 'sarif';
  readonly severity: 'warning' | 'error';
  readonly sensitiveFields: readonly string[];
}

export type ParsedArgs = InitArgs | CheckArgs | { readonly command: 'help'; readonly topic?: 'init' | 'check' } | { readonly command: 'version' };

/** One option of a command: what node:util's parseArgs needs, plus what the help text shows. */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly choices?: readonly string[];
  /** Placeholder for the value in the help text (`NAME`, `PATH` …). */
  readonly value?: string;
  /** Help text; lines after the first are indented under it. */
  readonly help: string;
}

/** Options of `init`, in help order. The help text is generated from this table. */
export const INIT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'dry-run': { type: 'boolean', help: 'Print the changes as a unified diff (git apply-able); write nothing.' },
  yes: { type: 'boolean', short: 'y', help: 'Apply without asking (required when not on a terminal).' },
  router: { type: 'string', choices: ['app', 'pages'], help: 'Router to generate for (needed when the app has both app/ and pages/\nand there is no terminal to ask on).' },
  'api-base-url-env': { type: 'string', value: 'NAME', help: 'Env var holding the backend base URL (default: API_BASE_URL).' },
  'login-path': { type: 'string', value: 'PATH', help: 'Backend login endpoint, appended to the base URL (default: /login).' },
  'refresh-path': { type: 'string', value: 'PATH', help: 'Backend refresh endpoint (default: /refresh).' },
  'username-field': { type: 'string', value: 'NAME', help: 'Credential field that identifies the user (default: email).' },
  'password-field': { type: 'string', value: 'NAME', help: 'Password credential field (default: password).' },
  'no-session-access-token': { type: 'boolean', help: 'Keep the access token out of the browser session (for apps that call\ntheir API server-side only).' },
  'refresh-store': { type: 'string', choices: REFRESH_STORES, help: 'Where token rotations are coordinated: memory keeps them in one\nserver process; redis shares them between instances through REDIS_URL\n(adds the redis package and lib/refresh-store). Omitted: the app keeps\nthe store it uses (memory for a new app).' },
  protect: { type: 'string', multiple: true, value: 'MATCHER', help: 'Add route protection for a Next.js matcher such as /dashboard/:path*:\nmiddleware.ts (Next.js 14/15) or proxy.ts (Next.js 16), next-auth v4\nand v5, plus a requireSession() helper. Repeat for several matchers.' },
  types: { type: 'boolean', help: 'Also write next-auth.d.ts in a JavaScript project.' },
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};

/** Options of `check`, in help order. */
export const CHECK_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  format: { type: 'string', short: 'f', choices: ['text', 'json', 'sarif'], help: 'text (default): file:line:column per finding; json: one JSON array of\n{file, line, column, endLine, endColumn, rule, severity, message},\n1-based lines and columns; sarif: a SARIF 2.1.0 log for code scanning\n(URIs relative to the current folder).' },
  severity: { type: 'string', choices: ['warning', 'error'], help: 'Severity reported for findings (default: warning).' },
  'sensitive-field': { type: 'string', multiple: true, value: 'NAME', help: 'Also treat this token field as a refresh token. Repeatable.' },
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};

const COMMANDS = ['init', 'check'] as const;
type Command = (typeof COMMANDS)[number];

/** `--name` with its value placeholder, as the help shows it (`--router app|pages`, `--yes, -y`). */
export function optionSignature(name: string, spec: OptionSpec): string {
  const value = spec.type === 'string' ? ` ${spec.choices ? spec.choices.join('|') : (spec.value ?? 'VALUE')}` : '';
  return `--${name}${value}${spec.short ? `, -${spec.short}` : ''}`;
}

/** The options block of a command's help, generated from its table (aligned, wrapped lines indented). */
export function optionsHelp(options: Readonly<Record<string, OptionSpec>>): string {
  const width = 29;
  return Object.entries(options)
    .filter(([name]) => name !== 'help')
    .map(([name, spec]) => {
      const signature = `  ${optionSignature(name, spec)}`;
      const [first, ...rest] = spec.help.split('\n');
      const head = signature.length < width ? signature.padEnd(width) + first : `${signature}\n${' '.repeat(width)}${first}`;
      return [head, ...rest.map((line) => ' '.repeat(width) + line)].join('\n');
    })
    .join('\n');
}

/**
 * Parses the command line (without `node` and the script) with node:util's parseArgs over the option
 * tables above: `--flag value`, `--flag=value`, `-f value`, `-fvalue` and `-f=value` work; `--` ends the
 * options (what follows is a path, even `--help`). Option names are looked up in the tables only, never
 * on a plain object's prototype, so `check toString` is a path and `--router constructor` a bad choice.
 * Throws UsageError with a precise message for an unknown command or flag, a missing, empty or invalid
 * value, a repeated single-use flag, or too many folders for `init`.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError('missing command: expected "init" or "check".');
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') return { command: 'version' };
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    return topic === 'init' || topic === 'check' ? { command: 'help', topic } : { command: 'help' };
  }
  const command = COMMANDS.find((c) => c === first);
  if (command === undefined) {
    throw new UsageError(first.startsWith('-') ? `expected a command before "${first}": "init" or "check".` : `unknown command ${JSON.stringify(first)}: expected "init" or "check".`);
  }
  const table = command === 'init' ? INIT_OPTIONS : CHECK_OPTIONS;
  const parsed = parseWithTable(command, table, rest);
  if (parsed.flags.has('help')) return { command: 'help', topic: command };
  const one = (name: string): string | undefined => parsed.values.get(name)?.[0];
  const all = (name: string): string[] => parsed.values.get(name) ?? [];
  const flag = (name: string): boolean => parsed.flags.has(name);

  if (command === 'check') {
    return {
      command,
      paths: parsed.positionals,
      format: formatOf(one('format')),
      severity: one('severity') === 'error' ? 'error' : 'warning',
      sensitiveFields: all('sensitive-field'),
    };
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError(`init takes one folder, got ${parsed.positionals.length}: ${parsed.positionals.map((p) => JSON.stringify(p)).join(', ')}.`);
  }
  if (flag('yes') && flag('dry-run')) throw new UsageError('--yes and --dry-run contradict each other: pick one.');
  const router = one('router');
  return {
    command,
    dir: parsed.positionals[0],
    yes: flag('yes'),
    dryRun: flag('dry-run'),
    router: router === 'app' || router === 'pages' ? router : undefined,
    apiBaseUrlEnv: one('api-base-url-env'),
    loginPath: one('login-path'),
    refreshPath: one('refresh-path'),
    usernameField: one('username-field'),
    passwordField: one('password-field'),
    exposeAccessToken: !flag('no-session-access-token'),
    refreshStore: REFRESH_STORES.find((store) => store === one('refresh-store')),
    protect: all('protect'),
    types: flag('types'),
  };
}

interface ParsedOptions {
  readonly values: ReadonlyMap<string, string[]>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: string[];
}

function parseWithTable(command: Command, table: Readonly<Record<string, OptionSpec>>, args: readonly string[]): ParsedOptions {
  const names = Object.keys(table);
  const known = names.filter((n) => n !== 'help').map((n) => `--${n}`).join(', ');
  const bySignature = (name: string): string => optionSignature(name, table[name]).split(',')[0];
  // `-f=json`: parseArgs would take "=json" as the value of -f.
  const endOfOptions = args.indexOf('--');
  const normalized = args.flatMap((arg, i) => ((endOfOptions === -1 || i < endOfOptions) && /^-[A-Za-z]=/.test(arg) ? [arg.slice(0, 2), arg.slice(3)] : [arg]));
  const options = Object.fromEntries(names.map((name) => [name, { type: table[name].type, ...(table[name].short ? { short: table[name].short } : {}), multiple: true }]));
  const result = (() => {
    try {
      return parseNodeArgs({ args: normalized, options, strict: true, allowPositionals: true, tokens: true });
    } catch (error) {
      throw new UsageError(describeParseError(command, error, known));
    }
  })();
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (const token of result.tokens) {
    if (token.kind !== 'option') continue;
    const name = token.name;
    if (!Object.prototype.hasOwnProperty.call(table, name)) throw new UsageError(`unknown option "${token.rawName}" for ${command}. Options: ${known}.`);
    const spec = table[name];
    const seen = (values.get(name)?.length ?? 0) + (flags.has(name) ? 1 : 0);
    if (seen > 0 && !spec.multiple && name !== 'help') throw new UsageError(`option --${name} was given more than once.`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`option --${name} takes no value.`);
      flags.add(name);
      continue;
    }
    const value = token.value ?? '';
    if (value === '') throw new UsageError(`option ${bySignature(name)} needs a non-empty value.`);
    if (spec.choices && !spec.choices.includes(value)) throw new UsageError(`option --${name} must be one of ${spec.choices.join(', ')} (got ${JSON.stringify(value)}).`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { values, flags, positionals: result.positionals };
}

/** node:util's errors, reworded for a user: which option, what was wrong, what exists. */
function describeParseError(command: Command, error: unknown, known: string): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown option ${JSON.stringify(name)} for ${command}. Options: ${known}.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /(--[\w-]+)/.exec(message)?.[1] ?? /'(-\w)/.exec(message)?.[1] ?? 'an option';
    return /argument missing|ambiguous/.test(message) ? `option ${name} needs a value.` : `option ${name} takes no value.`;
  }
  return message;
}

/** `--format`'s value, already checked against its choices; text when absent. */
function formatOf(value: string | undefined): CheckArgs['format'] {
  return value === 'json' || value === 'sarif' ? value : 'text';
}
