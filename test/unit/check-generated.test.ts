import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ChangeSet } from '../../src/core/change-set';
import { detectProject } from '../../src/core/detect';
import { NodeFileSystem } from '../../src/core/file-system';
import { SCAFFOLD_PIECES, planScaffold } from '../../src/core/scaffold';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { analyzeSource, readJwtAugmentation } from '../../src/core/analyze';

const APPS = path.resolve(__dirname, '..', 'fixtures', 'apps');
const CHECKABLE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;

/** What the scaffolder writes for a fixture app (planned in memory; nothing touches the fixture). */
function planFor(app: string) {
  const disk = new NodeFileSystem();
  const project = detectProject(disk, path.join(APPS, app));
  const plan = planScaffold(disk, { project, router: project.routers[0] ?? 'app', settings: DEFAULT_SETTINGS, pieces: [...SCAFFOLD_PIECES, 'middleware'], routeProtection: { matcher: ['/dashboard/:path*'] } });
  const tree = new ChangeSet(disk);
  for (const change of plan.changes) tree.write(change.path, change.content);
  return { plan, augmentation: readJwtAugmentation(tree, project.root) };
}

describe('the code the scaffolder generates passes the analyzer', function () {
  this.timeout(60000);
  // v4 TS with src/, v4 with the user's own OAuth provider and callbacks, v5 fresh, JavaScript CommonJS.
  for (const app of ['app-router-src', 'pages-router-oauth', 'v5-fresh-src', 'js-pages-commonjs']) {
    assert.ok(fs.existsSync(path.join(APPS, app)), app);
    it(`${app}: no findings in any generated file, and a leak planted in its session callback is found`, () => {
      const { plan, augmentation } = planFor(app);
      const sources = plan.changes.filter((c) => CHECKABLE.test(c.path) && !c.path.endsWith('.d.ts'));
      assert.ok(sources.length > 0);
      for (const change of sources) {
        assert.deepStrictEqual(analyzeSource(change.path, change.content, { jwtAugmentation: augmentation }), [], change.path);
      }
      // The zero above means something only if the analyzer sees the generated session callback.
      const withSession = sources.filter((c) => /async session\(\{ session, token \}\)/.test(c.content));
      assert.ok(withSession.length > 0, 'a generated session callback');
      for (const change of withSession) {
        const planted = change.content.replace(/(async session\(\{ session, token \}\) \{\r?\n)/, '$1      Object.assign(session, { leaked: token.refreshToken });\n');
        assert.notStrictEqual(planted, change.content);
        const findings = analyzeSource(change.path, planted, { jwtAugmentation: augmentation });
        assert.deepStrictEqual(findings.map((f) => f.rule), ['session-exposes-refresh-token'], change.path);
      }
    });
  }
});
