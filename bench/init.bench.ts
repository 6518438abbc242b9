// `init` cold and warm, against the yardstick of issue 12 measured in the same run: a bare
// `node -e "require('ts-morph')"` process, i.e. what loading the compiler costs at all.
//
// Cold: a fresh `node dist/cli.js init <app> --yes` process on a fresh copy of the example app (copied
// before the clock starts), once with the engine's code cache in place (every run after a user's first)
// and once with it off (NODE_DISABLE_COMPILE_CACHE=1: the first run ever, or caching unavailable).
// The three processes run interleaved, pair by pair, so a ratio holds when the machine's speed drifts;
// min and median of the per-pair ratios are printed. Warm: detect + plan again in this process with the
// built engine, after a warm-up, as the extension does for a second command. Run after `npm run build`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as Engine from '../src/core';

const root = path.resolve(__dirname, '..');
const exampleDir = path.join(root, 'example');
const cli = path.join(root, 'dist', 'cli.js');
const engineFile = path.join(root, 'dist', 'engine.js');
const PAIRS = Number(process.env.INIT_BENCH_PAIRS ?? 7);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeMs(body: () => void): number {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall time of one whole process; throws when it fails. */
function processMs(args: readonly string[], env: NodeJS.ProcessEnv): number {
  let status: number | null = null;
  let stderr = '';
  const ms = timeMs(() => {
    const child = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
    status = child.status;
    stderr = child.stderr;
  });
  if (status !== 0) throw new Error(`node ${args.join(' ')} exited ${status}: ${stderr}`);
  return ms;
}

const ratioLine = (label: string, ratios: readonly number[]) => `${label}: min ${Math.min(...ratios).toFixed(2)}x, median ${median(ratios).toFixed(2)}x`;

export async function run(): Promise<void> {
  if (!fs.existsSync(cli) || !fs.existsSync(engineFile)) throw new Error('dist/ is missing: run npm run build first');
  const work = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'nextauth-init-bench-'));
  // The engine's code cache goes under the bench's own temporary folder (TMPDIR), never the user's.
  const cacheTmp = path.join(work, 'tmp');
  fs.mkdirSync(cacheTmp);
  const withCache = { ...process.env, TMPDIR: cacheTmp };
  const withoutCache = { ...process.env, TMPDIR: cacheTmp, NODE_DISABLE_COMPILE_CACHE: '1' };
  let copies = 0;
  const freshApp = (): string => {
    const app = path.join(work, `app-${copies++}`);
    fs.cpSync(exampleDir, app, { recursive: true });
    return app;
  };
  try {
    const yardstick = ['-e', "require('ts-morph')"];
    // Warm-up: the file system cache, and the code cache's first write (the run that writes it is not counted).
    processMs(yardstick, process.env);
    processMs([cli, 'init', freshApp(), '--yes'], withCache);

    const base: number[] = [];
    const cached: number[] = [];
    const uncached: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      base.push(processMs(yardstick, process.env));
      cached.push(processMs([cli, 'init', freshApp(), '--yes'], withCache));
      uncached.push(processMs([cli, 'init', freshApp(), '--yes'], withoutCache));
    }
    const ratios = (series: readonly number[]) => series.map((ms, i) => ms / base[i]);

    // Warm: the same detect + plan in this process with the built engine, after one warm-up call.
    const engine = require(engineFile) as typeof Engine;
    const fsView = new engine.NodeFileSystem();
    const app = freshApp();
    let changes = 0;
    const plan = () => {
      const project = engine.detectProject(fsView, app);
      const router = project.routers[0] ?? 'app';
      changes = engine.planScaffold(fsView, { project, router, settings: engine.DEFAULT_SETTINGS, pieces: engine.SCAFFOLD_PIECES }).changes.length;
    };
    plan();
    const warm = Array.from({ length: 15 }, () => timeMs(plan));

    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    console.log(`example app, ${changes} planned changes; ${PAIRS} interleaved triples of whole processes (wall time)`);
    console.log(`yardstick node -e "require('ts-morph')": median ${fmt(median(base))}`);
    console.log(`cold init --yes, code cache in place: median ${fmt(median(cached))}`);
    console.log(`cold init --yes, no code cache (first run): median ${fmt(median(uncached))}`);
    console.log(`warm re-plan (detect + plan in-process, median of ${warm.length}): ${fmt(median(warm))}`);
    console.log(ratioLine('ratio cold init (code cache) / require(ts-morph)', ratios(cached)));
    console.log(ratioLine('ratio cold init (first run) / require(ts-morph)', ratios(uncached)));
    console.log(`ratio warm re-plan / require(ts-morph): ${(median(warm) / median(base)).toFixed(2)}x`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
