import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { consumerProject, installedPackage } from '../support/packed-package';
import { LEAKING_V5_ROUTE } from './analyze-corpus';

const MAX_PACKED_BYTES = 2.5 * 1024 * 1024;


describe('npm package: packed, installed into a fresh folder', function () {
  // One `npm pack` (with its build) and one install for the whole process: measured, not a wall-clock assertion.
  this.timeout(300_000);

  it(`ships only the CLI, the engine, the ESLint plugin and the templates, no source maps, ≤ ${MAX_PACKED_BYTES / 1024 / 1024} MB packed`, () => {
    const pkg = installedPackage();
    console.log(`      (npm pack ${pkg.seconds.pack.toFixed(1)} s, install ${pkg.seconds.install.toFixed(1)} s; ${(pkg.packedBytes / 1024 / 1024).toFixed(2)} MB packed, ${(pkg.unpackedBytes / 1024 / 1024).toFixed(2)} MB unpacked, ${pkg.files.length} files)`);
    assert.ok(pkg.packedBytes <= MAX_PACKED_BYTES, `${pkg.packedBytes} bytes packed`);
    assert.deepStrictEqual(pkg.files.filter((f) => f.endsWith('.map')), []);
    assert.deepStrictEqual(pkg.files.filter((f) => /^(src|test|scripts|bench|example|media|node_modules)\//.test(f)), []);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli.js', 'dist/engine.js', 'dist/eslint.js']) {
      assert.ok(pkg.files.includes(file), `${file} is in the package`);
    }
    assert.deepStrictEqual(pkg.files.filter((f) => f.startsWith('dist/')).sort(), ['dist/cli.js', 'dist/engine.js', 'dist/eslint.js']);
    assert.ok(pkg.files.includes('types/eslint.d.ts'), 'the ESLint plugin\'s types');
    assert.ok(pkg.files.some((f) => f.startsWith('templates/v5/')), 'the templates init renders');
    // The bundles do not point at maps that are not there.
    const installedRoot = path.join(pkg.consumer, 'node_modules', 'nextauth-scaffold');
    for (const bundle of ['cli.js', 'engine.js', 'eslint.js']) {
      assert.doesNotMatch(fs.readFileSync(path.join(installedRoot, 'dist', bundle), 'utf8').slice(-300), /sourceMappingURL/, bundle);
    }
  });

  it('exports the ESLint plugin and nothing internal', () => {
    const { consumer } = installedPackage();
    const requireFromConsumer = createRequire(path.join(consumer, 'package.json'));
    const plugin = requireFromConsumer('nextauth-scaffold/eslint') as { meta: { name: string }; rules: Record<string, unknown>; configs: { recommended: unknown } };
    assert.strictEqual(plugin.meta.name, 'nextauth-scaffold');
    assert.ok(plugin.configs.recommended);
    for (const internal of ['nextauth-scaffold', 'nextauth-scaffold/dist/engine.js', 'nextauth-scaffold/dist/cli.js', 'nextauth-scaffold/src/core']) {
      assert.throws(() => requireFromConsumer(internal), /ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/, internal);
    }
  });

  it('types for nextauth-scaffold/eslint: an eslint.config.mts type-checks, a wrong use does not', () => {
    const project = consumerProject('typed-config', {
      'eslint.config.mts': 'import type { Linter } from "eslint";\nimport nextauthScaffold from "nextauth-scaffold/eslint";\n\nconst config: Linter.Config[] = [nextauthScaffold.configs.recommended];\nexport default config;\n',
      'wrong.mts': 'import nextauthScaffold from "nextauth-scaffold/eslint";\n\nexport const wrong: string = nextauthScaffold.configs.recommended;\n',
    });
    // One program for both files; skipLibCheck keeps ESLint's own .d.ts out of the bill (a broken type in ours
    // would turn the config into `any`, which wrong.mts catches).
    const files = ['eslint.config.mts', 'wrong.mts'].map((f) => path.join(project, f));
    const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: [] });
    const errorsOf = (file: string) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(path.join(project, file))).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    assert.deepStrictEqual(errorsOf('eslint.config.mts'), []);
    assert.match(errorsOf('wrong.mts').join('\n'), /wrong\.mts: Type 'Config<[A-Za-z]+>' is not assignable to type 'string'/);
  });

  it('npx nextauth-scaffold check runs from the installed package: text and sarif', () => {
    const app = consumerProject('check-app', { 'package.json': '{"name":"app","private":true}\n', 'app/api/auth/[...nextauth]/route.ts': LEAKING_V5_ROUTE, 'app/page.tsx': 'export default function Page() { return null; }\n' });
    const npx = (args: string[]) => spawnSync('npx', ['--no-install', 'nextauth-scaffold', ...args], { cwd: app, encoding: 'utf8' });
    const text = npx(['check']);
    assert.strictEqual(text.status, 1, text.stderr);
    assert.match(text.stdout, /app\/api\/auth\/\[\.\.\.nextauth\]\/route\.ts:10:22 {2}warning {2}.*session-exposes-refresh-token/);
    assert.match(text.stdout, /1 problem .* in 2 files checked/);
    const sarif = npx(['check', '--format', 'sarif']);
    assert.strictEqual(sarif.status, 1, sarif.stderr);
    assert.strictEqual((JSON.parse(sarif.stdout) as { runs: Array<{ results: unknown[] }> }).runs[0].results.length, 1);
  });
});
