import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type * as ts from 'typescript';
import { main } from '../../src/cli/main';
import { FakeCredentialsSignin, loadModule, newHarness } from '../support/run-module';
import { copyToTemp, linkTypes, typecheckApp } from '../support/typecheck';
import { fakeIO, snapshot } from './cli-support';

// The patterns `init` met in real apps (issue 15; test/real-world.md lists the apps), each as a fixture in the
// shape such apps have. Each is scaffolded with the CLI, then checked as a user would: no new type error with
// the app's own TypeScript, the app's own callbacks still run, a second run changes nothing, and what must not
// happen (a second route, a second /login, a shadowed callback, a second NextAuth instance) did not.
// test/unit/real-world-build.test.ts runs `next build` on the ones that build offline.

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'real-world');
const OLD_TYPESCRIPT = path.resolve(__dirname, '..', 'support', 'typescript-4.7');

interface Scaffolded {
  readonly dir: string;
  readonly app: string;
  readonly code: number;
  readonly output: string;
  readonly before: Record<string, string>;
  readonly after: Record<string, string>;
  /** Files init created or changed, relative to the fixture root. */
  readonly changed: string[];
  /** Type errors after init that were not there before (the app's own TypeScript). */
  readonly newTypeErrors: string[];
}

/** Copies a fixture, links next, react and next-auth types into it, runs `init --yes`, and measures. */
async function scaffold(name: string, options: { major: 4 | 5; args?: string[]; app?: string; link?: (dir: string) => void; typescript?: typeof ts; checkJs?: boolean }): Promise<Scaffolded> {
  const dir = copyToTemp(path.join(FIXTURES, name), 'nextauth-real-world-');
  const app = path.join(dir, options.app ?? '.');
  linkTypes(app, options.major);
  options.link?.(dir);
  const check = () => typecheckApp(app, { typescript: options.typescript, checkJs: options.checkJs });
  const errorsBefore = check();
  const before = snapshot(dir);
  const run = fakeIO(app);
  const code = await main(['init', '--yes', ...(options.args ?? [])], run.io);
  const after = snapshot(dir);
  const changed = Object.keys(after).filter((f) => after[f] !== before[f] && !f.endsWith('tsconfig.tsbuildinfo'));
  const newTypeErrors = code === 0 ? check().filter((e) => !errorsBefore.includes(e)) : [];
  return { dir, app, code, output: run.text(), before, after, changed, newTypeErrors };
}

/** A second run of init on the scaffolded app changes nothing. */
async function assertSecondRunChangesNothing(result: Scaffolded, args: string[] = []): Promise<void> {
  const again = fakeIO(result.app);
  const code = await main(['init', '--yes', ...args], again.io);
  assert.strictEqual(code, 0, again.text());
  assert.match(again.text(), /Nothing to change/);
  assert.deepStrictEqual(snapshot(result.dir), result.after);
}

function assertScaffolded(result: Scaffolded): void {
  assert.strictEqual(result.code, 0, `init exited ${result.code}:\n${result.output}`);
  assert.deepStrictEqual(result.newTypeErrors, [], 'init added type errors');
}

/** TypeScript 4.7.4 (test/support/typescript-4.7), installed from the npm registry on first use. */
function oldTypeScript(): typeof ts {
  const module = path.join(OLD_TYPESCRIPT, 'node_modules', 'typescript');
  if (!fs.existsSync(path.join(module, 'package.json'))) {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund', '--prefix', OLD_TYPESCRIPT], { stdio: 'pipe' });
  }
  const loaded = require(module) as typeof ts;
  assert.strictEqual(loaded.version, '4.7.4');
  return loaded;
}

describe('init on real-world patterns (issue 15)', function () {
  // Each case type-checks a whole app twice against the real next and next-auth types.
  this.timeout(600_000);

  it('1. both routers, NextAuth route in pages/api: `--router app` keeps that route, adds no app/api/auth route', async () => {
    const result = await scaffold('both-routers-pages-route', { major: 4, args: ['--router', 'app'] });
    assertScaffolded(result);
    assert.ok(!result.changed.some((f) => f.startsWith('app/api/auth')), result.changed.join(', '));
    assert.strictEqual(result.after['pages/api/auth/[...nextauth].ts'], result.before['pages/api/auth/[...nextauth].ts']);
    assert.match(result.after['lib/auth.ts'], /CredentialsProvider\(\{/);
    assert.ok(result.changed.includes('app/login/page.tsx'));
    await assertSecondRunChangesNothing(result, ['--router', 'app']);
  });

  it('2. a /login page in a route group, or in pages/: kept, pages.signIn points at it, no second /login', async () => {
    const grouped = await scaffold('route-group-login', { major: 4, args: ['--router', 'app'] });
    assertScaffolded(grouped);
    assert.ok(!grouped.changed.some((f) => /(^|\/)login\//.test(f)), grouped.changed.join(', '));
    assert.match(grouped.output, /Kept your login page app\/\(auth\)\/login\/page\.tsx, served at \/login \(pages\.signIn\); it should call signIn\("credentials"/);
    assert.match(grouped.after['lib/auth.ts'], /pages: \{\n {4}signIn: "\/login",\n {2}\}/);
    await assertSecondRunChangesNothing(grouped, ['--router', 'app']);

    const pagesRouter = await scaffold('pages-login', { major: 4, args: ['--router', 'app'] });
    assertScaffolded(pagesRouter);
    assert.ok(!Object.keys(pagesRouter.after).some((f) => f.startsWith('app/login')), 'no app/login next to pages/login');
    assert.match(pagesRouter.output, /Kept your login page pages\/login\/index\.tsx, served at \/login/);
    await assertSecondRunChangesNothing(pagesRouter, ['--router', 'app']);
  });

  it('3. v5 basePath "/auth" with its handler at app/auth/[...nextauth]: no /api/auth route, SessionProvider told the base path', async () => {
    const result = await scaffold('v5-base-path', { major: 5 });
    assertScaffolded(result);
    assert.ok(!Object.keys(result.after).some((f) => f.startsWith('app/api/auth')), result.changed.join(', '));
    assert.match(result.after['components/auth-session-provider.tsx'], /<SessionProvider basePath="\/auth" /);
    assert.match(result.after['app/layout.tsx'], /<AuthSessionProvider>/);
    await assertSecondRunChangesNothing(result);
  });

  it('4. callbacks spread from auth.config (TypeScript): the app\'s jwt/session are kept where they live and still run', async () => {
    const result = await scaffold('v5-spread-callbacks', { major: 5 });
    assertScaffolded(result);
    assert.strictEqual(result.after['auth.config.ts'], result.before['auth.config.ts'], 'the callbacks module is the app\'s');
    assert.match(result.after['auth.ts'], /callbacks: \{\n {4}\.\.\.authConfig\.callbacks,\n {2}\},/, 'nothing added beside the spread');
    assert.match(result.output, /auth\.config\.ts:12: Kept your existing jwt callback/);
    const options = loadAuth(result.dir, 'auth.ts', 'auth.config.ts');
    const token = await options.callbacks.jwt({ token: { sub: '1' }, user: { id: '1', email: 'ada@example.com' } });
    assert.strictEqual(token.isAdmin, true, 'the app\'s jwt callback still puts isAdmin in the token');
    const session = await options.callbacks.session({ session: { user: { name: 'Ada' }, expires: '' }, token });
    assert.strictEqual((session.user as Record<string, unknown>).isAdmin, true);
    const request = (url: string) => ({ nextUrl: new URL(url) });
    assert.strictEqual(options.callbacks.authorized({ auth: { user: { isAdmin: false } }, request: request('https://x.test/admin') }), false);
    assert.strictEqual(options.callbacks.authorized({ auth: { user: { isAdmin: true } }, request: request('https://x.test/admin') }), true);
    await assertSecondRunChangesNothing(result);
  });

  it('4. callbacks spread from auth.config (JavaScript): the missing session callback joins after the spread, the app\'s jwt runs', async () => {
    const result = await scaffold('v5-spread-callbacks-js', { major: 5, checkJs: false });
    assertScaffolded(result);
    assert.strictEqual(result.after['auth.config.js'], result.before['auth.config.js']);
    assert.match(result.after['auth.js'], /callbacks: \{\n {4}\.\.\.authConfig\.callbacks,\n {4}async session\(\{ session, token \}\) \{/);
    const options = loadAuth(result.dir, 'auth.js', 'auth.config.js');
    const token = await options.callbacks.jwt({ token: { sub: '1' }, user: { id: '1', email: 'ada@example.com' } });
    assert.strictEqual(token.isAdmin, true);
    const session = await options.callbacks.session({ session: { user: { name: 'Ada' }, expires: '' }, token: { ...token, accessToken: 'a', refreshToken: 'r' } });
    assert.strictEqual(session.accessToken, 'a');
    assert.strictEqual(session.refreshToken, undefined, 'the generated session callback never hands out the refresh token');
    await assertSecondRunChangesNothing(result);
  });

  it('5. an adapter on database sessions: switched to JWT sessions with a note, or refused when the app\'s session callback needs them', async () => {
    const switched = await scaffold('prisma-adapter-default-sessions', { major: 4, args: ['--router', 'app'] });
    assertScaffolded(switched);
    assert.match(switched.after['lib/auth.ts'], /session: \{ maxAge: 7 \* 24 \* 60 \* 60, strategy: "jwt" \}/);
    assert.match(switched.output, /existing database sessions are no longer read, so users signed in today sign in once more/);
    assert.match(switched.after['lib/auth.ts'], /async jwt\(\{ token, user, account \}\)/);
    await assertSecondRunChangesNothing(switched, ['--router', 'app']);

    const refused = await scaffold('prisma-database-sessions', { major: 4, args: ['--router', 'app'] });
    assert.strictEqual(refused.code, 1, refused.output);
    assert.match(refused.output, /lib\/auth\.ts:10: Not scaffolded: lib\/auth\.ts uses database sessions \(an adapter and no session\.strategy\), and its session callback reads `user`/);
    assert.deepStrictEqual(refused.changed, [], 'nothing written');
  });

  it('6. a monorepo whose route imports the config from @acme/auth: merged into the package, no second NextAuth in the app', async () => {
    const result = await scaffold('monorepo-shared-auth', {
      major: 5,
      app: 'apps/web',
      link: (dir) => {
        // What pnpm install does: the workspace package linked into the app, next-auth into the package.
        fs.mkdirSync(path.join(dir, 'apps/web/node_modules/@acme'), { recursive: true });
        fs.symlinkSync(path.join(dir, 'packages/auth'), path.join(dir, 'apps/web/node_modules/@acme/auth'), 'dir');
        linkTypes(path.join(dir, 'packages/auth'), 5);
      },
    });
    assertScaffolded(result);
    const config = result.after['packages/auth/src/config.ts'];
    assert.match(config, /Credentials\(\{/);
    assert.match(config, /async jwt\(\{ token, user, account \}\)/);
    assert.ok(!result.changed.some((f) => /^apps\/web\/(src\/)?(auth|lib\/auth)\.[jt]s$/.test(f)), `no config created in the app: ${result.changed.join(', ')}`);
    assert.ok(result.changed.includes('apps/web/src/app/login/page.tsx'));
    assert.deepStrictEqual(typecheckApp(path.join(result.dir, 'packages/auth')), [], 'the package still type-checks');
    await assertSecondRunChangesNothing(result);
  });

  it('8. older toolchains: Next.js 13 is refused with the upgrade; Next.js 14 with TypeScript 4.7 gets code TypeScript 4.7 accepts', async () => {
    const next13 = await scaffold('next13-typescript-4.7', { major: 4, args: ['--router', 'pages'] });
    assert.strictEqual(next13.code, 1, next13.output);
    assert.match(next13.output, /Next\.js 13\.5\.6 is older than the 14–16 the scaffold supports; upgrade it first \(npm install next@14, or the latest\)\. Nothing was written\./);
    assert.deepStrictEqual(next13.changed, []);

    const next14 = await scaffold('next14-typescript-4.7', { major: 4, args: ['--router', 'pages'], typescript: oldTypeScript() });
    assertScaffolded(next14);
    assert.ok(next14.changed.includes('lib/auth.ts') && next14.changed.includes('pages/api/auth/[...nextauth].ts'), next14.changed.join(', '));
    await assertSecondRunChangesNothing(next14, ['--router', 'pages']);
  });

  it('9. a route re-exporting GET/POST from "/lib/auth" (baseUrl, paths): wired, no warning, no second route', async () => {
    const result = await scaffold('v5-baseurl-reexport', { major: 5 });
    assertScaffolded(result);
    assert.doesNotMatch(result.output, /does not use NextAuth/);
    assert.ok(!result.changed.some((f) => f.startsWith('app/api/auth')), result.changed.join(', '));
    assert.match(result.after['lib/auth.ts'], /Credentials\(\{/);
    await assertSecondRunChangesNothing(result);
  });
});

type Callback = (params: Record<string, unknown>) => Record<string, unknown> & Promise<Record<string, unknown>>;

/**
 * The options a scaffolded `auth.ts` passes to NextAuth, with its split config loaded as the module it
 * imports: transpiled and run with stand-ins for next-auth (see test/support/run-module.ts).
 */
function loadAuth(dir: string, authFile: string, configFile: string): { callbacks: Record<string, Callback> } {
  const harness = newHarness();
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const authConfig = loadModule(read(configFile), configFile, harness);
  let captured: { callbacks: Record<string, Callback> } | undefined;
  loadModule(read(authFile), authFile, harness, {
    './auth.config': authConfig,
    'next-auth/providers/github': { __esModule: true, default: { id: 'github', type: 'oauth' } },
    'next-auth': {
      __esModule: true,
      CredentialsSignin: FakeCredentialsSignin,
      default: (options: { callbacks: Record<string, Callback> }) => {
        captured = options;
        return { handlers: { GET: () => undefined, POST: () => undefined }, auth: async () => null, signIn: async () => undefined, signOut: async () => undefined };
      },
    },
  });
  assert.ok(captured, `${authFile} did not call NextAuth`);
  return captured;
}
