import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { isIgnored } from '../../src/core/config-files';
import { copyToTemp, linkTypes, typecheckApp } from '../support/typecheck';
import { fakeIO, FIXTURE_APPS, snapshot } from './cli-support';

interface FixtureExpectation {
  readonly name: string;
  readonly major: 4 | 5;
  readonly js: boolean;
  /** Extra init flags (route protection on some, to cover middleware.ts / proxy.ts). */
  readonly flags?: readonly string[];
  /** Each entry: paths of which at least one must exist after init, and text each found file must contain. */
  readonly files: ReadonlyArray<{ readonly anyOf: readonly string[]; readonly contains?: readonly (string | RegExp)[] }>;
  /** Files whose original text must still be there, byte for byte, at the start of the new text. */
  readonly keepsPrefix?: readonly string[];
}

const FIXTURES: readonly FixtureExpectation[] = [
  {
    name: 'app-router-src',
    major: 4,
    js: false,
    files: [
      { anyOf: ['src/lib/auth.ts'], contains: ['CredentialsProvider', 'authOptions'] },
      { anyOf: ['src/app/api/auth/[...nextauth]/route.ts'], contains: ['GET', 'POST'] },
      { anyOf: ['src/app/login/page.tsx'], contains: ['signIn'] },
      { anyOf: ['src/app/layout.tsx'], contains: ['SessionProvider'] },
      { anyOf: ['.env.local'], contains: [/^NEXTAUTH_SECRET=.{20,}$/m, /^API_BASE_URL=/m] },
      { anyOf: ['next-auth.d.ts', 'src/next-auth.d.ts', 'types/next-auth.d.ts', 'src/types/next-auth.d.ts'], contains: ['declare module'] },
    ],
  },
  {
    name: 'pages-router-oauth',
    major: 4,
    js: false,
    files: [
      { anyOf: ['pages/api/auth/[...nextauth].ts'], contains: ['GitHubProvider', 'CredentialsProvider', 'debug:', 'githubAccessToken'] },
      { anyOf: ['pages/login.tsx'], contains: ['signIn'] },
      { anyOf: ['pages/_app.tsx'], contains: ['SessionProvider'] },
      { anyOf: ['.env.local'], contains: ['GITHUB_ID=Iv1.8a61f9b3a7aba766', /^NEXTAUTH_SECRET=/m] },
      { anyOf: ['next-auth.d.ts', 'types/next-auth.d.ts'], contains: ['declare module'] },
    ],
    keepsPrefix: ['.env.local', '.gitignore'],
  },
  {
    name: 'lib-auth-config',
    major: 4,
    js: false,
    flags: ['--protect', '/account/:path*'],
    files: [
      { anyOf: ['lib/auth.ts'], contains: ['EmailProvider', 'CredentialsProvider', 'theme:'] },
      { anyOf: ['app/api/auth/[...nextauth]/route.ts'], contains: ['authOptions'] },
      { anyOf: ['app/login/page.tsx'], contains: ['signIn'] },
      { anyOf: ['middleware.ts'], contains: ['/account/:path*'] },
      { anyOf: ['next-auth.d.ts', 'types/next-auth.d.ts', 'lib/next-auth.d.ts'], contains: ['declare module'] },
    ],
  },
  {
    name: 'v5-app-oauth',
    major: 5,
    js: false,
    files: [
      { anyOf: ['auth.ts'], contains: ['GitHub', 'Credentials', 'handlers'] },
      { anyOf: ['app/api/auth/[...nextauth]/route.ts'], contains: ['handlers'] },
      { anyOf: ['app/login/page.tsx'], contains: ['signIn'] },
      { anyOf: ['.env.local'], contains: ['AUTH_SECRET="q3vGgI1m8Yd0v9c1rR0G0YtJm2wq0QmXzK8bH1s0w5E="'] },
      { anyOf: ['next-auth.d.ts', 'types/next-auth.d.ts'], contains: ['declare module'] },
    ],
    keepsPrefix: ['.env.local', '.gitignore'],
  },
  {
    name: 'v5-fresh-src',
    major: 5,
    js: false,
    flags: ['--protect', '/dashboard/:path*'],
    files: [
      { anyOf: ['src/auth.ts', 'auth.ts'], contains: ['Credentials', 'NextAuth'] },
      { anyOf: ['src/app/api/auth/[...nextauth]/route.ts'], contains: ['handlers'] },
      { anyOf: ['src/app/login/page.tsx'], contains: ['signIn'] },
      { anyOf: ['src/proxy.ts', 'proxy.ts'], contains: ['proxy', '/dashboard/:path*'] },
      { anyOf: ['.env.local'], contains: [/^AUTH_SECRET=/m] },
      { anyOf: ['next-auth.d.ts', 'src/next-auth.d.ts', 'types/next-auth.d.ts', 'src/types/next-auth.d.ts'], contains: ['declare module'] },
    ],
  },
  {
    name: 'js-app-router',
    major: 4,
    js: true,
    files: [
      { anyOf: ['lib/auth.js'], contains: ['CredentialsProvider'] },
      { anyOf: ['app/api/auth/[...nextauth]/route.js'], contains: ['GET'] },
      { anyOf: ['app/login/page.jsx', 'app/login/page.js'], contains: ['signIn'] },
      { anyOf: ['.env.local'], contains: [/^NEXTAUTH_SECRET=/m] },
    ],
  },
  {
    name: 'js-pages-commonjs',
    major: 4,
    js: true,
    files: [
      { anyOf: ['lib/auth.js'], contains: ['GitHubProvider', 'CredentialsProvider', 'module.exports'] },
      { anyOf: ['pages/login.jsx', 'pages/login.js'], contains: ['signIn'] },
      { anyOf: ['pages/_app.js'], contains: ['SessionProvider'] },
      { anyOf: ['.env.local'], contains: [/^NEXTAUTH_SECRET=/m] },
    ],
    keepsPrefix: ['.gitignore'],
  },
];

function findDeclarationFiles(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((f) => f.endsWith('next-auth.d.ts'));
}

describe('init on every fixture app (type-checked against the real next-auth, checked clean, idempotent)', function () {
  // Each case type-checks a whole app against the real next and next-auth types (seconds, minutes on a busy machine).
  this.timeout(600_000);

  it('covers every fixture folder', () => {
    assert.deepStrictEqual(FIXTURES.map((f) => f.name).sort(), fs.readdirSync(FIXTURE_APPS).sort());
  });

  for (const fixture of FIXTURES) {
    it(`${fixture.name}${fixture.flags ? ` (${fixture.flags.join(' ')})` : ''}`, async () => {
      const dir = copyToTemp(path.join(FIXTURE_APPS, fixture.name));
      linkTypes(dir, fixture.major);
      const original = snapshot(dir);

      const first = fakeIO(dir);
      const code = await main(['init', '--yes', ...(fixture.flags ?? [])], first.io);
      assert.strictEqual(code, 0, `init exited ${code}:\n${first.text()}`);

      const after = snapshot(dir);
      for (const expectation of fixture.files) {
        const found = expectation.anyOf.filter((f) => after[f] !== undefined);
        assert.ok(found.length > 0, `none of ${expectation.anyOf.join(', ')} exists after init; files: ${Object.keys(after).join(', ')}`);
        for (const file of found) {
          for (const needle of expectation.contains ?? []) {
            const ok = typeof needle === 'string' ? after[file].includes(needle) : needle.test(after[file]);
            assert.ok(ok, `${file} does not contain ${String(needle)}:\n${after[file]}`);
          }
        }
      }
      for (const file of fixture.keepsPrefix ?? []) {
        assert.ok(after[file].startsWith(original[file]), `${file} lost its original text:\n${after[file]}`);
      }
      if (fixture.js) assert.deepStrictEqual(findDeclarationFiles(dir), [], 'a JavaScript app gets no next-auth.d.ts unless asked');
      if (after['.gitignore'] !== undefined) assert.ok(isIgnored(after['.gitignore'], '.env.local'), '.env.local is not git-ignored');

      const second = fakeIO(dir);
      assert.strictEqual(await main(['init', '--yes', ...(fixture.flags ?? [])], second.io), 0, second.text());
      assert.match(second.out.join('\n'), /Nothing to change/, second.text());
      assert.deepStrictEqual(snapshot(dir), after, 'the second init changed files');

      const check = fakeIO(dir);
      const checkCode = await main(['check', '--format', 'json'], check.io);
      assert.strictEqual(check.out.join('\n').trim(), '[]', `check found leaks:\n${check.text()}`);
      assert.strictEqual(checkCode, 0, check.text());

      // A JavaScript app without any config is type-checked through a throwaway jsconfig (only now, after
      // both runs, so init never sees it): without one, tsc would look at no .js file at all.
      if (fixture.js && !fs.existsSync(path.join(dir, 'jsconfig.json'))) {
        fs.writeFileSync(path.join(dir, 'jsconfig.json'), '{ "compilerOptions": { "jsx": "preserve" } }\n');
      }
      const diagnostics = typecheckApp(dir, { checkJs: fixture.js });
      assert.deepStrictEqual(diagnostics, [], `type errors after init:\n${diagnostics.join('\n')}`);
    });
  }
});
