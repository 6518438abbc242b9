// Compiles the integration suite (test/integration/*.ts) to out/test/integration/*.js, one file per
// source, for VS Code's extension host (which loads plain CommonJS). `vscode` and `mocha` stay requires.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.join(root, 'test', 'integration');
const entryPoints = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
const outdir = path.join(root, 'out', 'test', 'integration');
// A fresh folder: a test deleted from the sources must not keep running from an old build.
fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir,
  bundle: false,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
