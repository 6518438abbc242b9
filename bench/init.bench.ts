// `init` on the example app: cold (a fresh `node dist/cli.js init --dry-run` process, which loads
// dist/engine.js with TypeScript inside, detects, plans and prints the diff) and warm (detect + plan
// repeated in this process, nothing written), against a baseline measured in the same run: a bare
// ts.createSourceFile of the app's source files. Run after `npm run build` (npm run bench does).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import type * as Engine from '../src/core';

const root = path.resolve(__dirname, '..');
const exampleDir = path.join(root, 'example');
const cli = path.join(root, 'dist', 'cli.js');
const engineFile = path.join(root, 'dist', 'engine.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeMs(body: () => void): number {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(full);
    return /\.(tsx?|jsx?|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

export async function run(): Promise<void> {
  if (!fs.existsSync(cli) || !fs.existsSync(engineFile)) throw new Error('dist/ is missing: run npm run build first');
  const app = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'nextauth-init-bench-'));
  fs.cpSync(exampleDir, app, { recursive: true });
  try {
    const files = sourceFiles(app).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    const runs = 15;

    // Baseline: parse every source file of the app once, no detection or planning.
    const parseAll = () => {
      for (const { file, text } of files) ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    };
    parseAll();
    const baseline = median(Array.from({ length: runs }, () => timeMs(parseAll)));

    // Cold: a fresh process per run, as a user's first `nextauth-scaffold init` (3 runs; process start included).
    const coldRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, [cli, 'init', app, '--dry-run'], { encoding: 'utf8' });
      coldRuns.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (child.status !== 0) throw new Error(`init --dry-run exited ${child.status}: ${child.stderr}`);
    }
    const nodeStart = median(
      Array.from({ length: 3 }, () => {
        const start = process.hrtime.bigint();
        spawnSync(process.execPath, ['-e', ''], { encoding: 'utf8' });
        return Number(process.hrtime.bigint() - start) / 1e6;
      }),
    );

    // Warm: the same detect + plan in this process with the built engine, after one warm-up call.
    const engine = require(engineFile) as typeof Engine;
    const fsView = new engine.NodeFileSystem();
    let changes = 0;
    const plan = () => {
      const project = engine.detectProject(fsView, app);
      const router = project.routers[0] ?? 'app';
      changes = engine.planScaffold(fsView, { project, router, settings: engine.DEFAULT_SETTINGS, pieces: engine.SCAFFOLD_PIECES }).changes.length;
    };
    plan();
    const warm = median(Array.from({ length: runs }, () => timeMs(plan)));
    const detectOnly = median(Array.from({ length: runs }, () => timeMs(() => engine.detectProject(fsView, app))));

    const cold = median(coldRuns);
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(`example app: ${files.length} source files, ${changes} planned changes`);
    console.log(`baseline (ts.createSourceFile of those files, median of ${runs}): ${fmt(baseline)}`);
    console.log(`cold init --dry-run (fresh node dist/cli.js process, median of 3): ${fmt(cold)}  (bare node start: ${fmt(nodeStart)}; cold - node start: ${fmt(cold - nodeStart)})`);
    console.log(`warm init, detect + plan in-process (median of ${runs}): ${fmt(warm)}`);
    console.log(`  of which detection (detectProject, median of ${runs}): ${fmt(detectOnly)}`);
    console.log(`ratio warm / baseline: ${(warm / baseline).toFixed(1)}x`);
    console.log(`ratio cold / baseline: ${(cold / baseline).toFixed(1)}x`);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
}
