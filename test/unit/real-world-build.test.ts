import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { copyToTemp, linkTypes } from '../support/typecheck';
import { fakeIO } from './cli-support';

// `next build` on the real-world fixtures whose failure mode was a broken build (issue 15): a second
// NextAuth route next to the Pages Router one ("Conflicting app and page file"), a second page for /login,
// a route at /api/auth while the config says basePath "/auth". Each is scaffolded, then built offline with
// the repository's next, react and next-auth (webpack: Turbopack refuses packages linked from outside
// the app folder).

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'real-world');
const repoModules = path.resolve(__dirname, '..', '..', 'node_modules');

function nextBuild(app: string): { status: number | null; output: string } {
  // `next build` reads tsconfig through the app's own typescript.
  const link = path.join(app, 'node_modules', 'typescript');
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(repoModules, 'typescript'), link, 'dir');
  const result = spawnSync(process.execPath, [path.join(app, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build', '--webpack'], {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    timeout: 900_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('next build after init on real-world patterns (issue 15)', function () {
  // A production build takes about a minute on two cores.
  this.timeout(1_200_000);

  const cases: ReadonlyArray<{ name: string; major: 4 | 5; args: string[]; routes: RegExp[] }> = [
    { name: 'both-routers-pages-route', major: 4, args: ['--router', 'app'], routes: [/\/api\/auth\/\[\.\.\.nextauth\]/, /\/login/] },
    { name: 'route-group-login', major: 4, args: ['--router', 'app'], routes: [/\/login/] },
    { name: 'v5-base-path', major: 5, args: [], routes: [/\/auth\/\[\.\.\.nextauth\]/, /\/login/] },
  ];
  for (const fixture of cases) {
    it(`${fixture.name}: builds`, async () => {
      const app = copyToTemp(path.join(FIXTURES, fixture.name), 'nextauth-real-world-build-');
      linkTypes(app, fixture.major);
      const run = fakeIO(app);
      assert.strictEqual(await main(['init', '--yes', ...fixture.args], run.io), 0, run.text());
      const build = nextBuild(app);
      assert.strictEqual(build.status, 0, build.output.slice(-4000));
      for (const route of fixture.routes) assert.match(build.output, route, 'the build lists the route');
    });
  }
});
