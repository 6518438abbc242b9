import * as assert from 'assert';
import { parseArgs, UsageError } from '../../src/cli/args';
import { HELP_TEXT } from '../../src/cli/help';

function usage(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseArgs(argv), (error: unknown) => error instanceof UsageError && pattern.test(error.message));
}

describe('cli: parseArgs', () => {
  it('init: folder, flags with separate or = values, repeatable --protect, defaults', () => {
    assert.deepStrictEqual(
      parseArgs(['init', 'apps/web', '--dry-run', '--router=pages', '--api-base-url-env', 'BACKEND_URL', '--protect', '/dashboard/:path*', '--protect=/admin', '--no-session-access-token', '--types']),
      {
        command: 'init',
        dir: 'apps/web',
        yes: false,
        dryRun: true,
        router: 'pages',
        apiBaseUrlEnv: 'BACKEND_URL',
        loginPath: undefined,
        refreshPath: undefined,
        usernameField: undefined,
        passwordField: undefined,
        exposeAccessToken: false,
        refreshStore: undefined,
        protect: ['/dashboard/:path*', '/admin'],
        types: true,
      },
    );
    const defaults = parseArgs(['init', '-y']);
    assert.ok(defaults.command === 'init' && defaults.yes && defaults.dir === undefined && defaults.exposeAccessToken && defaults.protect.length === 0);
  });

  it('init --refresh-store: memory or redis, anything else refused with the choices named', () => {
    const redis = parseArgs(['init', '--refresh-store', 'redis']);
    assert.ok(redis.command === 'init' && redis.refreshStore === 'redis');
    const memory = parseArgs(['init', '--refresh-store=memory']);
    assert.ok(memory.command === 'init' && memory.refreshStore === 'memory');
    usage(['init', '--refresh-store', 'memcached'], /--refresh-store must be one of memory, redis \(got "memcached"\)/);
    usage(['init', '--refresh-store'], /--refresh-store needs a value/);
    usage(['init', '--refresh-store', 'redis', '--refresh-store', 'memory'], /--refresh-store was given more than once/);
    assert.match(HELP_TEXT, /--refresh-store memory\|redis/);
  });

  it('check: paths and --format', () => {
    assert.deepStrictEqual(parseArgs(['check', 'src', 'lib/auth.ts', '--format', 'json']), {
      command: 'check',
      paths: ['src', 'lib/auth.ts'],
      format: 'json',
      severity: 'warning',
      sensitiveFields: [],
    });
    assert.deepStrictEqual(parseArgs(['check', '--sensitive-field', 'rt', '--sensitive-field=refreshJwt', '--severity', 'error']), {
      command: 'check',
      paths: [],
      format: 'text',
      severity: 'error',
      sensitiveFields: ['rt', 'refreshJwt'],
    });
  });

  it('help and version', () => {
    assert.deepStrictEqual(parseArgs(['--help']), { command: 'help' });
    assert.deepStrictEqual(parseArgs(['-h']), { command: 'help' });
    assert.deepStrictEqual(parseArgs(['init', '--help']), { command: 'help', topic: 'init' });
    assert.deepStrictEqual(parseArgs(['--version']), { command: 'version' });
  });

  it('precise usage errors', () => {
    usage([], /missing command/);
    usage(['deploy'], /unknown command "deploy"/);
    usage(['--yes'], /expected a command before "--yes"/);
    usage(['init', '--force'], /unknown option "--force" for init/);
    usage(['check', '--yes'], /unknown option "--yes" for check/);
    usage(['init', '--router'], /--router needs a value/);
    usage(['init', '--router', 'both'], /--router must be one of app, pages \(got "both"\)/);
    usage(['init', '--router', '--yes'], /--router needs a value/);
    usage(['check', '--format', 'xml'], /--format must be one of text, json, sarif/);
    usage(['init', '--yes=1'], /--yes takes no value/);
    usage(['init', '--login-path', '/a', '--login-path', '/b'], /--login-path was given more than once/);
    usage(['init', 'a', 'b'], /init takes one folder, got 2/);
    usage(['init', '--yes', '--dry-run'], /contradict/);
    usage(['init', '--login-path='], /non-empty value/);
  });

  it('"--" ends the options: what follows is a path, even -f or --help (issue 12 reproductions)', () => {
    assert.deepStrictEqual(parseArgs(['check', '--', '-f']), { command: 'check', paths: ['-f'], format: 'text', severity: 'warning', sensitiveFields: [] });
    assert.deepStrictEqual(parseArgs(['check', 'src', '--', '--help']), { command: 'check', paths: ['src', '--help'], format: 'text', severity: 'warning', sensitiveFields: [] });
    assert.deepStrictEqual(parseArgs(['init', '--', '--yes']), { ...(parseArgs(['init']) as object), dir: '--yes' });
  });

  it('short options take -f json, -fjson and -f=json', () => {
    for (const argv of [['check', '-f', 'json'], ['check', '-fjson'], ['check', '-f=json']]) {
      assert.strictEqual((parseArgs(argv) as unknown as { format: string }).format, 'json', argv.join(' '));
    }
  });

  it('names like Object.prototype members are paths or bad values, never lookups (issue 9 item 13)', () => {
    assert.deepStrictEqual((parseArgs(['check', 'toString', 'constructor', '__proto__']) as unknown as { paths: string[] }).paths, ['toString', 'constructor', '__proto__']);
    assert.strictEqual((parseArgs(['init', '__proto__']) as unknown as { dir: string }).dir, '__proto__');
    usage(['init', '--router', 'constructor'], /--router must be one of app, pages \(got "constructor"\)/);
    usage(['init', '--router', '__proto__'], /--router must be one of app, pages/);
    usage(['check', '--format', 'toString'], /--format must be one of text, json, sarif/);
    usage(['init', '--constructor'], /unknown option "--constructor" for init/);
    usage(['init', '--__proto__'], /unknown option "--__proto__" for init/);
    usage(['toString'], /unknown command "toString"/);
    usage(['__proto__'], /unknown command "__proto__"/);
    assert.strictEqual((parseArgs(['init', '--username-field', '__proto__']) as unknown as { usernameField: string }).usernameField, '__proto__', 'passed on to validateSettings, which refuses it');
  });

  it('--help documents every flag and the exit codes', () => {
    for (const flag of ['--yes', '--dry-run', '--router', '--api-base-url-env', '--login-path', '--refresh-path', '--username-field', '--password-field', '--no-session-access-token', '--refresh-store', '--protect', '--types', '--format', '--severity', '--sensitive-field', '--help', '--version']) {
      assert.ok(HELP_TEXT.includes(flag), `help does not mention ${flag}`);
    }
    assert.match(HELP_TEXT, /Exit codes:/);
    assert.match(HELP_TEXT, /init\s+0 done.*1 refused.*2 usage/);
    assert.match(HELP_TEXT, /check\s+0 no findings; 1 findings; 2 usage/);
  });
});
