import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { InMemoryFileSystem } from '../../src/core/file-system';
import { ScaffoldError } from '../../src/core/errors';
import type { ProjectInfo } from '../../src/core/project-info';
import {
  compareVersions,
  detectProject,
  findAuthConfigs,
  supportCheck,
  findNextApps,
  installCommand,
  minimumVersion,
  nextAuthAdvisory,
  noNextAppMessage,
  parseVersion,
} from '../../src/core/detect';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'apps');

/** A fixture app loaded into memory under /fixtures/<name>, so nothing above it (this repo's node_modules) is seen. */
function loadFixture(name: string, extra: Record<string, string> = {}): InMemoryFileSystem {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${rel}/${entry.name}`);
      else files[`/fixtures/${name}${rel}/${entry.name}`] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
    }
  };
  walk(path.join(FIXTURES, name), '');
  return new InMemoryFileSystem({ ...files, ...extra });
}

const pkg = (deps: Record<string, string>, more: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'app', dependencies: deps, ...more }, null, 2);

function expectScaffoldError(fn: () => unknown, check: (e: ScaffoldError) => void): void {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ScaffoldError, `expected ScaffoldError, got ${String(error)}`);
    check(error);
    return;
  }
  assert.fail('expected a ScaffoldError');
}

describe('detect: findNextApps', () => {
  it('finds every app of a monorepo, sorted, skipping node_modules, build output and non-Next packages', () => {
    const fs = new InMemoryFileSystem({
      '/repo/package.json': pkg({ turbo: '^2' }),
      '/repo/apps/web/package.json': pkg({ next: '^15' }),
      '/repo/apps/admin/package.json': JSON.stringify({ devDependencies: { next: '14.2.0' } }),
      '/repo/packages/ui/package.json': pkg({ react: '^19' }),
      '/repo/node_modules/next-app/package.json': pkg({ next: '^15' }),
      '/repo/apps/web/.next/standalone/package.json': pkg({ next: '^15' }),
      '/repo/dist/package.json': pkg({ next: '^15' }),
      '/repo/a/b/c/d/package.json': pkg({ next: '^15' }),
      '/repo/a/b/c/d/e/package.json': pkg({ next: '^15' }),
      '/repo/broken/package.json': '{ "dependencies": { "next": ',
    });
    assert.deepStrictEqual(findNextApps(fs, ['/repo']), ['/repo/a/b/c/d', '/repo/apps/admin', '/repo/apps/web']);
  });

  it('searches several roots (multi-root workspace), the root itself included, without duplicates', () => {
    const fs = new InMemoryFileSystem({
      '/one/package.json': pkg({ next: '^14' }),
      '/two/site/package.json': pkg({ next: '^16' }),
    });
    assert.deepStrictEqual(findNextApps(fs, ['/two', '/one', '/one']), ['/one', '/two/site']);
    assert.deepStrictEqual(findNextApps(fs, ['/nowhere']), []);
  });

  it('says what was looked for when nothing is found', () => {
    const message = noNextAppMessage(['/work/a', '/work/b']);
    // The advice leads and the (possibly long) paths come last, so a cut-off line still says what to do.
    assert.match(message, /^No Next\.js app found: open the app's folder, or add "next" to its package\.json\./);
    assert.ok(message.endsWith('in: /work/a, /work/b.'), message);
    assert.match(message, /package\.json that lists "next" in "dependencies" or "devDependencies"/);
    assert.match(message, /4 levels deep/);
    assert.match(message, /node_modules/);
  });
});

describe('detect: detectProject', () => {
  it('app-router-src fixture: every field', () => {
    const { compilerOptions, ...project } = detectProject(loadFixture('app-router-src'), '/fixtures/app-router-src');
    assert.deepStrictEqual(compilerOptions?.paths, { '@/*': ['./src/*'] });
    assert.strictEqual(compilerOptions?.strict, true);
    assert.deepStrictEqual(project, {
      root: '/fixtures/app-router-src',
      name: 'app-router-src',
      packageManager: 'npm',
      language: 'ts',
      moduleType: 'commonjs',
      routers: ['app'],
      srcDir: true,
      configFile: '/fixtures/app-router-src/tsconfig.json',
      pathAlias: { prefix: '@/', target: 'src' },
      nextVersion: '^14.2.15',
      nextMajor: 14,
      nextAuth: { version: '^4.24.11', major: 4, installed: false },
      typescriptVersion: { version: '^5', installed: false },
    } satisfies ProjectInfo);
  });

  it('pages-router-oauth fixture: Pages Router, pnpm from packageManager, ~/ alias with baseUrl, config in the route', () => {
    const project = detectProject(loadFixture('pages-router-oauth'), '/fixtures/pages-router-oauth');
    assert.deepStrictEqual(project.routers, ['pages']);
    assert.strictEqual(project.srcDir, false);
    assert.strictEqual(project.packageManager, 'pnpm');
    assert.deepStrictEqual(project.pathAlias, { prefix: '~/', target: '' });
    assert.strictEqual(project.nextMajor, 14);
    assert.deepStrictEqual(project.authConfig, {
      file: '/fixtures/pages-router-oauth/pages/api/auth/[...nextauth].ts',
      form: 'options-object',
      exportName: 'authOptions',
    });
  });

  it('lib-auth-config fixture: npm lockfile, App Router at the root, options in lib/auth.ts', () => {
    const project = detectProject(loadFixture('lib-auth-config'), '/fixtures/lib-auth-config');
    assert.strictEqual(project.packageManager, 'npm');
    assert.deepStrictEqual(project.routers, ['app']);
    assert.strictEqual(project.srcDir, false);
    assert.deepStrictEqual(project.pathAlias, { prefix: '@/', target: '' });
    assert.strictEqual(project.nextMajor, 15);
    assert.deepStrictEqual(project.authConfig, { file: '/fixtures/lib-auth-config/lib/auth.ts', form: 'options-object', exportName: 'authOptions' });
  });

  it('v5-app-oauth fixture: v5 beta, ESM, yarn, NextAuth({...}) call in root auth.ts', () => {
    const project = detectProject(loadFixture('v5-app-oauth'), '/fixtures/v5-app-oauth');
    assert.deepStrictEqual(project.nextAuth, { version: '5.0.0-beta.25', major: 5, installed: false });
    assert.strictEqual(project.moduleType, 'esm');
    assert.strictEqual(project.packageManager, 'yarn');
    assert.deepStrictEqual(project.authConfig, { file: '/fixtures/v5-app-oauth/auth.ts', form: 'nextauth-call' });
  });

  it('v5-fresh-src fixture: next 16, src/app, pnpm lockfile, no auth yet', () => {
    const project = detectProject(loadFixture('v5-fresh-src'), '/fixtures/v5-fresh-src');
    assert.strictEqual(project.nextMajor, 16);
    assert.strictEqual(project.nextAuth?.major, 5);
    assert.strictEqual(project.srcDir, true);
    assert.strictEqual(project.packageManager, 'pnpm');
    assert.deepStrictEqual(project.pathAlias, { prefix: '@/', target: 'src' });
    assert.strictEqual(project.authConfig, undefined);
  });

  it('js-app-router fixture: JavaScript with jsconfig alias', () => {
    const project = detectProject(loadFixture('js-app-router'), '/fixtures/js-app-router');
    assert.strictEqual(project.language, 'js');
    assert.strictEqual(project.configFile, '/fixtures/js-app-router/jsconfig.json');
    assert.deepStrictEqual(project.pathAlias, { prefix: '@/', target: '' });
    assert.deepStrictEqual(project.routers, ['app']);
  });

  it('js-pages-commonjs fixture: no config file, CommonJS options in lib/auth.js', () => {
    const project = detectProject(loadFixture('js-pages-commonjs'), '/fixtures/js-pages-commonjs');
    assert.strictEqual(project.language, 'js');
    assert.strictEqual(project.configFile, undefined);
    assert.strictEqual(project.pathAlias, undefined);
    assert.strictEqual(project.packageManager, 'yarn');
    assert.deepStrictEqual(project.routers, ['pages']);
    assert.deepStrictEqual(project.authConfig, { file: '/fixtures/js-pages-commonjs/lib/auth.js', form: 'options-object', exportName: 'authOptions' });
  });

  it('counts only router folders that hold routes; src/ only when the routes live there', () => {
    const base = { '/app/package.json': pkg({ next: '15.0.0' }) };
    const emptyPages = detectProject(
      new InMemoryFileSystem({ ...base, '/app/app/page.tsx': '', '/app/pages/README.md': '', '/app/src/lib/x.ts': '' }),
      '/app',
    );
    assert.deepStrictEqual(emptyPages.routers, ['app']);
    assert.strictEqual(emptyPages.srcDir, false);
    const onlyComponents = detectProject(new InMemoryFileSystem({ ...base, '/app/src/app/components/button.tsx': '', '/app/src/pages/index.tsx': '' }), '/app');
    assert.deepStrictEqual(onlyComponents.routers, ['pages']);
    assert.strictEqual(onlyComponents.srcDir, true);
    const both = detectProject(new InMemoryFileSystem({ ...base, '/app/src/app/(shop)/cart/page.jsx': '', '/app/src/pages/api/hello.ts': '' }), '/app');
    assert.deepStrictEqual(both.routers, ['app', 'pages']);
    const none = detectProject(new InMemoryFileSystem({ ...base, '/app/src/index.ts': '' }), '/app');
    assert.deepStrictEqual(none.routers, []);
    assert.strictEqual(none.srcDir, true);
  });

  it('reads the alias from JSONC with comments and trailing commas, through extends and baseUrl', () => {
    const fs = new InMemoryFileSystem({
      '/repo/tsconfig.base.json': '{ /* shared */ "compilerOptions": { "baseUrl": "apps/web", "paths": { "#/*": ["./src/*",], }, }, }',
      '/repo/apps/web/package.json': pkg({ next: '^15' }),
      '/repo/apps/web/tsconfig.json': '// web\n{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true, }, }',
      '/repo/apps/web/src/app/page.tsx': '',
    });
    assert.deepStrictEqual(detectProject(fs, '/repo/apps/web').pathAlias, { prefix: '#/', target: 'src' });
  });

  it('reads tsconfig as TypeScript does: every entry of an array extends, packages, ${configDir}', () => {
    const files = {
      '/a/package.json': pkg({ next: '^15' }),
      '/a/src/app/page.tsx': '',
      '/a/paths.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
      '/a/strict.json': '{ "compilerOptions": { "strict": true } }',
    };
    // The alias is in the first config of the array; the last one only adds strict.
    const array = detectProject(new InMemoryFileSystem({ ...files, '/a/tsconfig.json': '{ "extends": ["./paths.json", "./strict.json"] }' }), '/a');
    assert.deepStrictEqual(array.pathAlias, { prefix: '@/', target: 'src' });
    assert.strictEqual(array.compilerOptions?.strict, true);
    const fromPackage = detectProject(
      new InMemoryFileSystem({
        ...files,
        '/a/node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig", "version": "1.0.0" }',
        '/a/node_modules/@acme/tsconfig/next.json': '{ "compilerOptions": { "baseUrl": "${configDir}", "paths": { "~/*": ["${configDir}/src/*"] } } }',
        '/a/tsconfig.json': '{ "extends": "@acme/tsconfig/next.json" }',
      }),
      '/a',
    );
    assert.deepStrictEqual(fromPackage.pathAlias, { prefix: '~/', target: 'src' });
    assert.strictEqual(fromPackage.compilerOptions?.baseUrl, '/a');
    // A broken config it extends is named, with its line.
    expectScaffoldError(
      () => detectProject(new InMemoryFileSystem({ ...files, '/a/strict.json': '{\n  "compilerOptions": {\n    "strict": true,,\n', '/a/tsconfig.json': '{ "extends": ["./paths.json", "./strict.json"] }' }), '/a'),
      (e) => {
        assert.strictEqual(e.file, '/a/strict.json');
        assert.strictEqual(e.line, 3);
      },
    );
  });

  it('prefers an alias to the source root, then one to the app root; ignores other aliases', () => {
    const make = (paths: string) =>
      detectProject(
        new InMemoryFileSystem({
          '/a/package.json': pkg({ next: '^15' }),
          '/a/src/app/page.tsx': '',
          '/a/tsconfig.json': `{ "compilerOptions": { "paths": ${paths} } }`,
        }),
        '/a',
      ).pathAlias;
    assert.deepStrictEqual(make('{ "@components/*": ["./src/components/*"], "~/*": ["./*"], "@/*": ["./src/*"] }'), { prefix: '@/', target: 'src' });
    assert.deepStrictEqual(make('{ "~/*": ["./*"] }'), { prefix: '~/', target: '' });
    assert.strictEqual(make('{ "@components/*": ["./src/components/*"] }'), undefined);
  });

  it('finds the lockfile at the monorepo root, stops at the repository root, honours packageManager', () => {
    const files = {
      '/work/repo/.git/HEAD': 'ref: refs/heads/main',
      '/work/repo/pnpm-lock.yaml': '',
      '/work/repo/apps/web/package.json': pkg({ next: '^15' }),
      '/work/repo/apps/web/app/page.tsx': '',
    };
    assert.strictEqual(detectProject(new InMemoryFileSystem(files), '/work/repo/apps/web').packageManager, 'pnpm');
    const aboveGit: Record<string, string> = { ...files, '/work/yarn.lock': '' };
    delete aboveGit['/work/repo/pnpm-lock.yaml'];
    assert.strictEqual(detectProject(new InMemoryFileSystem(aboveGit), '/work/repo/apps/web').packageManager, 'npm');
    const declared = { ...files, '/work/repo/apps/web/package.json': pkg({ next: '^15' }, { packageManager: 'bun@1.1.0' }) };
    assert.strictEqual(detectProject(new InMemoryFileSystem(declared), '/work/repo/apps/web').packageManager, 'bun');
    assert.strictEqual(detectProject(new InMemoryFileSystem({ ...files, '/work/repo/apps/web/bun.lockb': '' }), '/work/repo/apps/web').packageManager, 'bun');
  });

  it('takes versions from node_modules (walking up) before the declared range, unless the major differs', () => {
    const files = {
      '/m/package.json': pkg({}),
      '/m/node_modules/next-auth/package.json': '{ "name": "next-auth", "version": "4.24.7" }',
      '/m/node_modules/next/package.json': '{ "name": "next", "version": "15.2.1" }',
      '/m/apps/web/package.json': pkg({ next: '^15.0.0', 'next-auth': '^4.24.0' }),
      '/m/apps/web/app/page.tsx': '',
    };
    const project = detectProject(new InMemoryFileSystem(files), '/m/apps/web');
    assert.deepStrictEqual(project.nextAuth, { version: '4.24.7', major: 4, installed: true });
    assert.strictEqual(project.nextVersion, '15.2.1');
    const v5 = detectProject(new InMemoryFileSystem({ ...files, '/m/apps/web/package.json': pkg({ next: '^15', 'next-auth': 'beta' }) }), '/m/apps/web');
    // `beta` has no readable major, so the installed 4.x is taken as what the app resolves.
    assert.strictEqual(v5.nextAuth?.installed, true);
    const declared5 = detectProject(new InMemoryFileSystem({ ...files, '/m/apps/web/package.json': pkg({ next: '^15', 'next-auth': '^5.0.0-beta.29' }) }), '/m/apps/web');
    assert.deepStrictEqual(declared5.nextAuth, { version: '^5.0.0-beta.29', major: 5, installed: false });
    const none = detectProject(new InMemoryFileSystem({ '/x/package.json': pkg({ next: 'canary' }) }), '/x');
    assert.strictEqual(none.nextAuth, undefined);
    assert.strictEqual(none.nextMajor, undefined);
    assert.strictEqual(none.nextVersion, 'canary');
  });

  it('refuses with file and line: no package.json, no next, unparseable package.json or tsconfig', () => {
    expectScaffoldError(() => detectProject(new InMemoryFileSystem({ '/a/index.js': '' }), '/a'), (e) => assert.match(e.message, /no package\.json/));
    expectScaffoldError(
      () => detectProject(new InMemoryFileSystem({ '/a/package.json': pkg({ react: '^19' }) }), '/a'),
      (e) => {
        assert.strictEqual(e.file, '/a/package.json');
        assert.match(e.message, /does not list "next"/);
      },
    );
    expectScaffoldError(
      () => detectProject(new InMemoryFileSystem({ '/a/package.json': '{\n  "dependencies": {\n    "next": "15"\n  \n' }), '/a'),
      (e) => {
        assert.strictEqual(e.file, '/a/package.json');
        assert.strictEqual(typeof e.line, 'number');
      },
    );
    expectScaffoldError(
      () =>
        detectProject(
          new InMemoryFileSystem({ '/a/package.json': pkg({ next: '15' }), '/a/tsconfig.json': '{\n  "compilerOptions": {\n    "paths": { "@/*": ["./*"] \n  }\n' }),
          '/a',
        ),
      (e) => {
        assert.strictEqual(e.file, '/a/tsconfig.json');
        assert.ok(e.line !== undefined && e.line >= 3, `line ${e.line}`);
      },
    );
  });
});

describe('detect: findAuthConfigs', () => {
  const app = (files: Record<string, string>) => new InMemoryFileSystem({ '/a/package.json': pkg({ next: '15' }), ...files });

  it('recognises every form and ranks lib/auth, auth, the route, then the rest', () => {
    const fs = app({
      '/a/src/server/legacy-auth.ts': 'import type { AuthOptions } from "next-auth";\nexport const legacy = { providers: [] } satisfies AuthOptions;',
      '/a/src/app/api/auth/[...nextauth]/route.ts': 'import NextAuth from "next-auth";\nconst handler = NextAuth({ providers: [] });\nexport { handler as GET, handler as POST };',
      '/a/src/lib/auth.ts': 'import { NextAuthOptions } from "next-auth";\nexport const authOptions: NextAuthOptions = { providers: [] };',
      '/a/node_modules/x/auth.ts': 'export const authOptions: NextAuthOptions = { providers: [] };',
      '/a/.next/server/auth.js': 'const o = NextAuth({ providers: [] })',
      '/a/src/lib/not-auth.ts': '// NextAuth is mentioned only in a comment\nexport const x = 1;',
      '/a/src/lib/auth.test.ts': 'import NextAuth from "next-auth";\nNextAuth({ providers: [] });',
      '/a/src/__mocks__/next-auth.ts': 'export const authOptions: NextAuthOptions = { providers: [] };',
    });
    assert.deepStrictEqual(findAuthConfigs(fs, '/a'), [
      { file: '/a/src/lib/auth.ts', form: 'options-object', exportName: 'authOptions' },
      { file: '/a/src/app/api/auth/[...nextauth]/route.ts', form: 'nextauth-call' },
      { file: '/a/src/server/legacy-auth.ts', form: 'options-object', exportName: 'legacy' },
    ]);
  });

  const single = (name: string, text: string) => findAuthConfigs(app({ [`/a/${name}`]: text }), '/a');

  it('v5: destructured NextAuth call, lazy init, satisfies NextAuthConfig, default export', () => {
    assert.deepStrictEqual(single('auth.ts', 'import NextAuth from "next-auth"\nexport const { handlers, auth } = NextAuth({ providers: [] })'), [
      { file: '/a/auth.ts', form: 'nextauth-call' },
    ]);
    assert.deepStrictEqual(single('auth.ts', 'import NextAuth from "next-auth"\nexport const { handlers } = NextAuth((req) => ({ providers: [] }))'), [
      { file: '/a/auth.ts', form: 'nextauth-call' },
    ]);
    assert.deepStrictEqual(single('auth.config.ts', 'import type { NextAuthConfig } from "next-auth"\nexport const authConfig = { providers: [], pages: {} } satisfies NextAuthConfig'), [
      { file: '/a/auth.config.ts', form: 'options-object', exportName: 'authConfig' },
    ]);
    assert.deepStrictEqual(single('auth.config.ts', 'import type { NextAuthConfig } from "next-auth"\nexport default { providers: [] } satisfies NextAuthConfig'), [
      { file: '/a/auth.config.ts', form: 'options-object', exportName: 'default' },
    ]);
  });

  it('an object passed to NextAuth, renamed imports and exports, JSDoc types, CommonJS', () => {
    assert.deepStrictEqual(single('pages/api/auth/[...nextauth].js', 'import Auth from "next-auth"\nconst options = { providers: [] }\nexport default Auth(options)'), [
      { file: '/a/pages/api/auth/[...nextauth].js', form: 'options-object' },
    ]);
    assert.deepStrictEqual(single('lib/auth.ts', 'import type * as NA from "next-auth";\nconst opts: NA.NextAuthOptions = { providers: [] };\nexport { opts as authOptions };'), [
      { file: '/a/lib/auth.ts', form: 'options-object', exportName: 'authOptions' },
    ]);
    assert.deepStrictEqual(single('lib/auth.js', '/** @type {import("next-auth").NextAuthOptions} */\nexport const authOptions = { providers: [] };'), [
      { file: '/a/lib/auth.js', form: 'options-object', exportName: 'authOptions' },
    ]);
    assert.deepStrictEqual(single('lib/auth.cjs', 'const x = require("next-auth");\nexports.authOptions = { providers: [] };'), [
      { file: '/a/lib/auth.cjs', form: 'options-object', exportName: 'authOptions' },
    ]);
    assert.deepStrictEqual(single('lib/auth.js', 'const NextAuth = require("next-auth").default;\nconst opts = { providers: [] };\nmodule.exports = { authOptions: opts, handler: NextAuth(opts) };'), [
      { file: '/a/lib/auth.js', form: 'options-object', exportName: 'authOptions' },
    ]);
  });

  it('ignores look-alikes: a route that imports its options, strings, unrelated objects, declaration files', () => {
    assert.deepStrictEqual(single('app/api/auth/[...nextauth]/route.ts', 'import NextAuth from "next-auth";\nimport { authOptions } from "@/lib/auth";\nconst handler = NextAuth(authOptions);\nexport { handler as GET, handler as POST };'), []);
    assert.deepStrictEqual(single('lib/docs.ts', 'export const text = "NextAuth({ providers: [] })";'), []);
    assert.deepStrictEqual(single('lib/menu.ts', 'export const menu = { providers: ["a"] };'), []);
    assert.deepStrictEqual(single('next-auth.d.ts', 'import "next-auth"; declare const o: NextAuthOptions;'), []);
  });

  it('follows the NextAuth route into a workspace package when the app holds no config itself', () => {
    const fs = new InMemoryFileSystem({
      '/repo/package.json': JSON.stringify({ name: 'repo', private: true, workspaces: ['apps/*', 'packages/*'] }),
      '/repo/apps/web/package.json': pkg({ next: '15', '@acme/auth': '*' }),
      '/repo/apps/web/app/api/auth/[...nextauth]/route.ts': 'export { GET, POST } from "@acme/auth";\n',
      '/repo/apps/web/middleware.ts': 'export { auth as middleware } from "@acme/auth";\n',
      '/repo/packages/auth/package.json': JSON.stringify({ name: '@acme/auth', version: '0.0.0', main: './index.ts' }),
      '/repo/packages/auth/index.ts': 'import NextAuth from "next-auth";\nimport { authConfig } from "./config";\nexport const { handlers: { GET, POST }, auth } = NextAuth(authConfig);\n',
      '/repo/packages/auth/config.ts': 'import type { NextAuthConfig } from "next-auth";\nexport const authConfig = { providers: [] } satisfies NextAuthConfig;\n',
    });
    assert.deepStrictEqual(findAuthConfigs(fs, '/repo/apps/web'), [{ file: '/repo/packages/auth/config.ts', form: 'options-object', exportName: 'authConfig' }]);
    assert.strictEqual(detectProject(fs, '/repo/apps/web').authConfig?.file, '/repo/packages/auth/config.ts');
  });

  it('does not throw on files that do not parse', () => {
    assert.deepStrictEqual(single('lib/auth.ts', 'import NextAuth from "next-auth";\nexport const { auth } = NextAuth({ providers: [ ;'), [
      { file: '/a/lib/auth.ts', form: 'nextauth-call' },
    ]);
  });
});

describe('detect: versions and advisories', () => {
  it('compares versions by semver precedence, prereleases included', () => {
    const ordered = ['3.29.10', '4.0.0-beta.1', '4.0.0', '4.24.7', '4.24.14', '4.24.15', '5.0.0-alpha.1', '5.0.0-beta.9', '5.0.0-beta.25', '5.0.0-beta.32', '5.0.0-beta.32.1', '5.0.0-rc.1', '5.0.0'];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const got = compareVersions(parseVersion(ordered[i])!, parseVersion(ordered[j])!);
        assert.strictEqual(Math.sign(got), Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
      }
    }
    assert.strictEqual(compareVersions(parseVersion('1.0.0+build.5')!, parseVersion('1.0.0')!), 0);
  });

  it('comparison is a total order (antisymmetric, transitive) on generated versions', () => {
    const id = fc.oneof(fc.nat({ max: 40 }).map(String), fc.constantFrom('alpha', 'beta', 'rc', 'beta1'));
    const version = fc
      .tuple(fc.nat({ max: 6 }), fc.nat({ max: 30 }), fc.nat({ max: 20 }), fc.array(id, { maxLength: 3 }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre.length ? `-${pre.join('.')}` : ''}`);
    fc.assert(
      fc.property(version, version, version, (x, y, z) => {
        const [a, b, c] = [x, y, z].map((v) => parseVersion(v)!);
        // `===`, not strictEqual: Math.sign(0) is 0 and -Math.sign(0) is -0, which Object.is tells apart.
        assert.ok(Math.sign(compareVersions(a, b)) === -Math.sign(compareVersions(b, a)), `${x} vs ${y}`);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) assert.ok(compareVersions(a, c) <= 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the lowest version a range admits', () => {
    const min = (r: string) => {
      const v = minimumVersion(r);
      return v && `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? '-' + v.prerelease.join('.') : ''}`;
    };
    assert.strictEqual(min('^4.24.7'), '4.24.7');
    assert.strictEqual(min('~5.0.0-beta.25'), '5.0.0-beta.25');
    assert.strictEqual(min('>=4.20 <5'), '4.20.0');
    assert.strictEqual(min('4.x'), '4.0.0');
    assert.strictEqual(min('^5.0.0-beta.30 || ^4.24.15'), '4.24.15');
    assert.strictEqual(min('latest'), undefined);
    assert.strictEqual(min('<5'), '0.0.0');
    assert.strictEqual(min('>= 4.20.0'), '4.20.0');
    assert.strictEqual(min('>4.24.14'), '4.24.15');
    assert.strictEqual(min('npm:next-auth@5.0.0-beta.25'), '5.0.0-beta.25');
  });

  it('the advisory reads ranges as npm does (issue 12 reproductions, through the semver package)', () => {
    const declared = (version: string) => nextAuthAdvisory(project({ version, major: 4, installed: false }))?.kind;
    assert.strictEqual(declared('>= 4.20.0'), 'outdated', 'a valid range with a space used to give no advisory at all');
    assert.strictEqual(declared('>4.24.14'), undefined, 'admits only 4.24.15 and later: not outdated');
    assert.strictEqual(declared('<5 || ^4.20'), 'outdated', 'used to give up');
    assert.strictEqual(declared('^4.24.15'), undefined);
    assert.strictEqual(declared('4.24.15 || ^4.25'), undefined);
    assert.strictEqual(declared('~4.24.0'), 'outdated');
  });

  const project = (nextAuth: ProjectInfo['nextAuth'], packageManager: ProjectInfo['packageManager'] = 'npm'): ProjectInfo => ({
    root: '/a',
    name: 'shop',
    packageManager,
    language: 'ts',
    moduleType: 'commonjs',
    routers: ['app'],
    srcDir: false,
    ...(nextAuth ? { nextAuth } : {}),
  });

  it('missing next-auth: says so with the install command for the package manager', () => {
    const advisory = nextAuthAdvisory(project(undefined, 'pnpm'));
    assert.strictEqual(advisory?.kind, 'missing');
    assert.strictEqual(advisory?.command, 'pnpm add next-auth@^4.24.15');
    assert.match(advisory?.message ?? '', /not installed in shop/);
  });

  it('outdated v4 and v5 (installed or declared) get the upgrade command and the advisory ids; current ones nothing', () => {
    const v4 = nextAuthAdvisory(project({ version: '4.24.14', major: 4, installed: true }, 'yarn'));
    assert.strictEqual(v4?.kind, 'outdated');
    assert.strictEqual(v4?.command, 'yarn add next-auth@^4.24.15');
    assert.match(v4?.message ?? '', /4\.24\.14 is installed.*GHSA-x445-f3h2-j279/);
    const v5 = nextAuthAdvisory(project({ version: '5.0.0-beta.31', major: 5, installed: true }, 'bun'));
    assert.strictEqual(v5?.command, 'bun add next-auth@^5.0.0-beta.32');
    assert.match(v5?.message ?? '', /GHSA-8fpg-xm3f-6cx3/);
    assert.strictEqual(nextAuthAdvisory(project({ version: '^4.24.7', major: 4, installed: false }))?.kind, 'outdated');
    assert.strictEqual(nextAuthAdvisory(project({ version: '4.24.15', major: 4, installed: true })), undefined);
    assert.strictEqual(nextAuthAdvisory(project({ version: '5.0.0-beta.32', major: 5, installed: true })), undefined);
    assert.strictEqual(nextAuthAdvisory(project({ version: '5.0.0', major: 5, installed: true })), undefined);
    assert.strictEqual(nextAuthAdvisory(project({ version: 'latest', major: 4, installed: false })), undefined);
  });

  it('one supported range: Next.js 14–16, next-auth 4.24+ or 5, TypeScript 4.7+; below it refused with the upgrade, above Next warned', () => {
    const app = (more: Partial<ProjectInfo>): ProjectInfo => ({ ...project({ version: '4.24.15', major: 4, installed: true }), ...more });
    assert.deepStrictEqual(supportCheck(app({ nextVersion: '15.1.0', nextMajor: 15, typescriptVersion: { version: '4.7.4', installed: true } })), { warnings: [] });
    const next13 = supportCheck(app({ nextVersion: '13.5.6', nextMajor: 13 }));
    assert.match(next13.refusal ?? '', /Next\.js 13\.5\.6 is older than the 14–16 the scaffold supports; upgrade it first \(npm install next@14, or the latest\)\. Nothing was written\./);
    assert.match(supportCheck(app({ nextVersion: '17.0.0', nextMajor: 17 })).warnings[0], /newer than the 14–16/);
    assert.match(supportCheck(app({ nextAuth: { version: '4.22.1', major: 4, installed: true } })).refusal ?? '', /next-auth 4\.22\.1 is older than 4\.24\.0/);
    // A declared range npm can satisfy with a supported release is fine; one pinned below is not.
    assert.strictEqual(supportCheck(app({ nextAuth: { version: '^4.22.0', major: 4, installed: false } })).refusal, undefined);
    assert.match(supportCheck(app({ nextAuth: { version: '~4.22.0', major: 4, installed: false } })).refusal ?? '', /older than 4\.24\.0/);
    assert.match(supportCheck(app({ typescriptVersion: { version: '4.6.4', installed: true } })).refusal ?? '', /TypeScript 4\.6\.4 is older than 4\.7\.0/);
    assert.strictEqual(supportCheck(app({ language: 'js', typescriptVersion: { version: '4.6.4', installed: true } })).refusal, undefined);
  });

  it('install commands per package manager', () => {
    assert.strictEqual(installCommand('npm', ['next-auth@^4.24.15']), 'npm install next-auth@^4.24.15');
    assert.strictEqual(installCommand('pnpm', ['next-auth@^4.24.15']), 'pnpm add next-auth@^4.24.15');
    assert.strictEqual(installCommand('yarn', ['a', 'b']), 'yarn add a b');
    assert.strictEqual(installCommand('bun', ['next-auth@beta']), 'bun add next-auth@beta');
  });
});
