// `npm run example`: copies example/ to a fresh example-output/ (git-ignored), runs
// `nextauth-scaffold init example-output --yes` on the copy with the built CLI (which lists the files it
// created or updated), then runs `check` on the result. The example app itself is never modified.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const source = path.join(root, 'example');
const output = path.join(root, 'example-output');
const cli = path.join(root, 'dist', 'cli.js');

if (!fs.existsSync(cli)) {
  console.error('dist/cli.js is missing: run "npm run build" first (npm run example does).');
  process.exit(1);
}
fs.rmSync(output, { recursive: true, force: true });
fs.cpSync(source, output, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });

console.log(`$ nextauth-scaffold init example-output --yes\n`);
const init = spawnSync(process.execPath, [cli, 'init', 'example-output', '--yes'], { cwd: root, stdio: 'inherit' });
if (init.status !== 0) {
  console.error(`\ninit exited with ${init.status}`);
  process.exit(init.status ?? 1);
}

console.log(`\n$ nextauth-scaffold check example-output\n`);
const check = spawnSync(process.execPath, [cli, 'check', 'example-output'], { cwd: root, stdio: 'inherit' });
process.exit(check.status ?? 1);
