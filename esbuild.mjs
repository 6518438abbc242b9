// Four bundles: the extension (thin, loads at activation), the CLI, the ESLint plugin, and the engine (core + ts-morph +
// TypeScript). Every face loads the engine with require('./engine.js') on first need, so TypeScript ships
// once and activation never pays for it. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const coreIndex = path.join(root, 'src', 'core', 'index.ts');

/** Imports of src/core/index.ts from the extension or the CLI become require('./engine.js'). */
const engineAsExternal = {
  name: 'engine-as-external',
  setup(build) {
    build.onResolve({ filter: /(^|\/)core(\/index)?$/ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      if (resolved === coreIndex.replace(/\.ts$/, '') || resolved === path.dirname(coreIndex)) {
        return { path: './engine.js', external: true };
      }
      return undefined;
    });
  },
};

// `--release` (npm pack, the .vsix): no source maps, and no sourceMappingURL pointing at files not shipped.
const release = process.argv.includes('--release');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !release,
  logLevel: 'warning',
  external: ['vscode'],
};

// `import('../core')` must become a plain require('./engine.js'): esbuild keeps an external dynamic import
// as a real ESM import(), which would load the engine through Node's ESM loader instead of require.
const faceOptions = { plugins: [engineAsExternal], supported: { 'dynamic-import': false } };

const builds = [
  // jsonc-parser's `main` is a UMD build whose require('./impl/…') calls esbuild cannot follow: its ESM build bundles.
  { ...common, entryPoints: { engine: 'src/core/index.ts' }, outdir: 'dist', minify: true, alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' } },
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', ...faceOptions },
  { ...common, entryPoints: { eslint: 'src/eslint/plugin.ts' }, outdir: 'dist', ...faceOptions },
  { ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', ...faceOptions, banner: { js: '#!/usr/bin/env node' } },
];

const watch = process.argv.includes('--watch');
for (const options of builds) {
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
