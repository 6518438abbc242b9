import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
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

// Shapes no fixture has: Auth.js with the Pages Router (route handlers under app/, auth(context) in
// getServerSideProps) in TypeScript and JavaScript, and a session without the access token.
describe('scaffolded fresh apps type-check against the real next-auth', function () {
  this.timeout(240_000);
  const disk = new NodeFileSystem();
  const shapes: Array<{ major: 4 | 5; router: 'app' | 'pages'; language: 'ts' | 'js'; exposeAccessToken: boolean }> = [
    { major: 5, router: 'pages', language: 'ts', exposeAccessToken: true },
    { major: 5, router: 'pages', language: 'js', exposeAccessToken: true },
    { major: 4, router: 'app', language: 'ts', exposeAccessToken: false },
  ];
  for (const shape of shapes) {
    it(`v${shape.major} ${shape.router} router ${shape.language}${shape.exposeAccessToken ? '' : ' without the access token in the session'}`, () => {
      const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'nextauth-scaffold-fresh-'));
      try {
        const write = (relative: string, text: string) => {
          fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
          fs.writeFileSync(path.join(dir, relative), text);
        };
        write('package.json', JSON.stringify({ name: 'fresh', dependencies: { next: '15.0.0', react: '19.0.0', 'next-auth': shape.major === 5 ? '5.0.0-beta.32' : '4.24.15' } }));
        const compilerOptions = { target: 'ES2022', lib: ['dom', 'dom.iterable', 'esnext'], module: 'esnext', moduleResolution: 'bundler', jsx: 'preserve', strict: true, noEmit: true, skipLibCheck: true, allowJs: true, paths: { '@/*': ['./*'] } };
        write(shape.language === 'ts' ? 'tsconfig.json' : 'jsconfig.json', JSON.stringify({ compilerOptions, include: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'], exclude: ['node_modules'] }));
        const jsx = shape.language === 'ts' ? 'tsx' : 'jsx';
        if (shape.router === 'app') {
          write(`app/layout.${jsx}`, `export default function RootLayout({ children }${shape.language === 'ts' ? ': { children: React.ReactNode }' : ''}) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`);
        } else {
          write(`pages/index.${jsx}`, 'export default function Home() {\n  return <h1>Home</h1>;\n}\n');
        }
        const project = detectProject(disk, dir);
        const request: ScaffoldRequest = {
          project,
          router: shape.router,
          settings: { ...DEFAULT_SETTINGS, exposeAccessToken: shape.exposeAccessToken },
          pieces: [...SCAFFOLD_PIECES, 'middleware'],
          routeProtection: { matcher: ['/dashboard/:path*'] },
        };
        const plan = planScaffold(disk, request);
        for (const change of plan.changes) {
          fs.mkdirSync(path.dirname(change.path), { recursive: true });
          fs.writeFileSync(change.path, change.content);
        }
        linkTypes(dir, shape.major);
        assert.deepStrictEqual(typecheckApp(dir, { checkJs: shape.language === 'js' }), []);
        assert.deepStrictEqual(checkPaths(disk, [dir]).findings, []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
