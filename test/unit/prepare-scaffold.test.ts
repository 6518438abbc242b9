import * as assert from 'assert';
import type { ProjectInfo } from '../../src/core/project-info';
import { prepareScaffold, SCAFFOLD_PIECES } from '../../src/core/scaffold';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const project: ProjectInfo = { root: '/a', name: 'a', packageManager: 'npm', language: 'ts', moduleType: 'commonjs', routers: ['app'], srcDir: false };

describe('prepareScaffold: one check of the answers for the CLI and the editor command', () => {
  it('plans the pieces of each command; matchers add route protection to "scaffold"', () => {
    assert.deepStrictEqual(prepareScaffold({ kind: 'scaffold', settings: DEFAULT_SETTINGS }).pieces, SCAFFOLD_PIECES);
    assert.deepStrictEqual(prepareScaffold({ kind: 'scaffold', settings: DEFAULT_SETTINGS, matcher: ['/admin/:path*'] }).pieces, [...SCAFFOLD_PIECES, 'middleware']);
    assert.deepStrictEqual(prepareScaffold({ kind: 'callbacks', settings: DEFAULT_SETTINGS }).pieces, ['callbacks']);
    assert.deepStrictEqual(prepareScaffold({ kind: 'types', settings: DEFAULT_SETTINGS }).pieces, ['types']);
    const request = prepareScaffold({ kind: 'protect', settings: DEFAULT_SETTINGS, matcher: ['/admin/:path*'], authConfigFile: '/a/auth.ts', typesForJavaScript: false }).request(project, 'pages');
    assert.deepStrictEqual(request, { project, router: 'pages', settings: DEFAULT_SETTINGS, pieces: ['middleware'], authConfigFile: '/a/auth.ts', routeProtection: { matcher: ['/admin/:path*'] } });
  });

  it('refuses bad settings and matchers together, each named with its rule; protect needs a matcher', () => {
    const prepared = prepareScaffold({ kind: 'scaffold', settings: { ...DEFAULT_SETTINGS, loginPath: 'login' }, matcher: ['dashboard'] });
    assert.deepStrictEqual(prepared.problems.map((p) => [p.setting, p.rule]), [['loginPath', 'url-path'], ['matcher', 'route-matcher']]);
    assert.match(prepareScaffold({ kind: 'protect', settings: DEFAULT_SETTINGS }).problems[0].message, /at least one path/);
    assert.deepStrictEqual(prepareScaffold({ kind: 'protect', settings: DEFAULT_SETTINGS, matcher: ['/x'] }).problems, []);
  });
});
