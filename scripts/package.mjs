// `npm run package`: builds and packs the extension into a .vsix with @vscode/vsce, then prints what went in
// and how big it is. `--out <file>` picks the output path.
//
// package.json's `files` is the npm package's allow-list (CLI, engine, ESLint plugin) and .vscodeignore the
// .vsix's; vsce refuses a folder that has both, so it packs a staging copy: the files .vscodeignore may let
// through, and package.json without `files` and without scripts (the build already ran here).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(root, `${pkg.name}-${pkg.version}.vsix`));
fs.mkdirSync(path.dirname(out), { recursive: true });

execFileSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--release'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-vsix-'));
try {
  for (const entry of ['.vscodeignore', 'dist', 'templates', 'snippets', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  }
  const { files: _npmFiles, scripts: _scripts, ...manifest } = pkg;
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // --no-dependencies: everything the extension runs is bundled into dist/ (TypeScript once, in engine.js).
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] });
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: stage, encoding: 'utf8' }).trim().split('\n');
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`\n${path.relative(process.cwd(), out) || out}: ${kib(fs.statSync(out).size)} packed, ${files.length} files`);
  for (const file of files.filter((f) => f.startsWith('dist/'))) console.log(`  ${file}  ${kib(fs.statSync(path.join(stage, file)).size)}`);
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
