// `npm run package`: builds (vsce runs `vscode:prepublish`) and packs the extension into a .vsix with
// @vscode/vsce, then prints what went in and how big it is. `--out <file>` picks the output path.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(root, `${pkg.name}-${pkg.version}.vsix`));
fs.mkdirSync(path.dirname(out), { recursive: true });
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// --no-dependencies: everything the extension runs is bundled into dist/ (TypeScript once, in engine.js).
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`\n${path.relative(process.cwd(), out) || out}: ${kib(fs.statSync(out).size)} packed, ${files.length} files`);
for (const file of files.filter((f) => f.startsWith('dist/'))) console.log(`  ${file}  ${kib(fs.statSync(path.join(root, file)).size)}`);
