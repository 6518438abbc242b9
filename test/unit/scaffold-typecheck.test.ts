import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkPaths } from '../../src/core/analyze';
import { detectProject } from '../../src/core/detect';
import { NodeFileSystem } from '../../src/core/file-system';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { planScaffold, SCAFFOLD_PIECES } from '../../src/core/scaffold';
import type { ScaffoldRequest } from '../../src/core/scaffold';
import { copyToTemp, linkTypes, typecheckApp } from '../support/typecheck';

const fixturesRoot = path.resolve(__dirname, '..', 'fixtures', 'apps');

// Every fixture app, scaffolded with every piece (route protection included), must compile under
// strict tsc (checkJs for JavaScript apps) against the real next-auth it declares, pass the leak
// analyzer, and plan nothing on a second run.
describe('scaffolded fixture apps type-check against the real next-auth', function () {
  this.timeout(240_000);
  const disk = new NodeFileSystem();
  for (const fixture of fs.readdirSync(fixturesRoot).sort()) {
    it(fixture, () => {
      const dir = copyToTemp(path.join(fixturesRoot, fixture));
      try {
        const project = detectProject(disk, dir);
        const request: ScaffoldRequest = {
          project,
          router: project.routers[0] ?? 'app',
          settings: DEFAULT_SETTINGS,
          pieces: [...SCAFFOLD_PIECES, 'middleware'],
          routeProtection: { matcher: ['/dashboard/:path*'] },
        };
        const plan = planScaffold(disk, request);
        assert.ok(plan.changes.length > 0);
        for (const change of plan.changes) {
          fs.mkdirSync(path.dirname(change.path), { recursive: true });
          fs.writeFileSync(change.path, change.content);
        }
        const again = planScaffold(disk, { ...request, project: detectProject(disk, dir) });
        assert.deepStrictEqual(again.changes.map((c) => path.relative(dir, c.path)), [], 'a second run changes nothing');

        linkTypes(dir, project.nextAuth?.major ?? 4);
        assert.deepStrictEqual(typecheckApp(dir, { checkJs: project.language === 'js' }), []);
        const report = checkPaths(disk, [dir]);
        assert.deepStrictEqual(report.findings, [], 'the analyzer finds no leak in the scaffolded app');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
