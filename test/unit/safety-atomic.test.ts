// Issue 9 item 6: writes are atomic and all-or-nothing. Real child processes are killed with SIGKILL at
// random points of an apply, over many runs; after each, every file is whole (its old or its new bytes),
// and once the next run has rolled back, the tree is byte for byte what it was before, or what a complete
// run leaves.
import * as assert from 'assert';
import { spawn } from 'child_process';
import { buildSync } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { applyChangesAtomically, LOCK_NAME, recoverInterruptedRun } from '../../src/cli/transaction';
import type { FileChange } from '../../src/core/change-set';
import { REPO_ROOT, fixtureApp, runCli, startCli, tempFolder, treeBytes } from './safety-support';

const DRIVER = path.join(REPO_ROOT, 'test', 'support', 'apply-driver.ts');
const MB = 1024 * 1024;

/** An app tree and a big plan over it: updates of existing files and creates in new nested folders. */
function bigPlan(): { root: string; changes: FileChange[] } {
  const root = tempFolder();
  fs.writeFileSync(path.join(root, 'package.json'), '{"dependencies":{"next":"15.0.0"}}\n');
  const changes: FileChange[] = [];
  for (let i = 0; i < 6; i++) {
    const file = path.join(root, 'lib', `module-${i}.ts`);
    const before = `// module ${i}\n${`export const v${i} = ${i};\n`.repeat(MB / 20)}`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, before);
    changes.push({ path: file, kind: 'update', before, content: `\uFEFF// module ${i}, rewritten\n${'x'.repeat(MB)}\n` });
  }
  for (let i = 0; i < 6; i++) {
    const file = path.join(root, 'app', `section-${i % 2}`, `deep-${i}`, 'page.tsx');
    changes.push({ path: file, kind: 'create', before: undefined, content: `export default function P${i}() { return null; }\n${'// pad\n'.repeat(MB / 7)}` });
  }
  return { root, changes };
}

/** The bytes each planned file may hold at any instant: before (or absent) and after, nothing else. */
function assertEveryFileWhole(changes: readonly FileChange[]): void {
  for (const change of changes) {
    const bytes = fs.existsSync(change.path) ? fs.readFileSync(change.path, 'utf8') : undefined;
    assert.ok(bytes === change.before || bytes === change.content, `${change.path} is half written (${bytes?.length} chars)`);
  }
}

/** Runs the driver and kills it `delayMs` after it says "ready"; `applyMs` is how long its apply took when it finished. */
function killAt(driverArgs: string[], delayMs: number): Promise<{ killed: boolean; code: number | null; applyMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, driverArgs, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let killed = false;
    let applyMs = 0;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      const done = /done (\d+)/.exec(chunk.toString());
      if (done) applyMs = Number(done[1]);
      if (!chunk.toString().includes('ready')) return;
      killTimer = setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, delayMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      // A pending kill timer (the reference run waits "forever") would keep mocha alive after the suite.
      clearTimeout(killTimer);
      resolve({ killed: killed && signal === 'SIGKILL', code, applyMs });
    });
  });
}

describe('safety: atomic, all-or-nothing writes', function () {
  this.timeout(600_000);

  it('SIGKILL at random points of an apply, 24+ runs: files are never half written, and the next run restores the whole tree', async () => {
    // The driver as one plain JavaScript file: a process that starts in milliseconds (not tsx compiling
    // TypeScript for seconds), so the runs are cheap and the kill lands inside the apply, not in start-up.
    const driver = path.join(tempFolder(), 'apply-driver.js');
    buildSync({ entryPoints: [DRIVER], outfile: driver, bundle: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' });
    // One full run measures how long the apply takes here.
    const reference = bigPlan();
    const planFile = path.join(tempFolder(), 'plan.json');
    fs.writeFileSync(planFile, JSON.stringify(reference));
    const before = treeBytes(reference.root);
    const full = await killAt([driver, planFile], 1e9);
    // How long an apply takes, updated by every run that finished: on a loaded machine the first measure is
    // often far too short, and kills then land before the first write.
    let applyMs = full.applyMs;
    assert.strictEqual(full.code, 0);
    const after = treeBytes(reference.root);
    assert.notDeepStrictEqual(after, before);

    const outcomes = { rolledBack: 0, complete: 0, untouched: 0 };
    // At least 24 kills, and on until 3 of them landed between the journal and the commit (at most 48).
    let run = 0;
    for (; run < 24 || (outcomes.rolledBack < 3 && run < 48); run++) {
      // The same plan over the same tree, restored to its bytes before.
      fs.rmSync(reference.root, { recursive: true });
      fs.mkdirSync(reference.root);
      for (const [file, bytes] of Object.entries(before)) {
        if (file.endsWith('/')) fs.mkdirSync(path.join(reference.root, file), { recursive: true });
        else fs.writeFileSync(path.join(reference.root, file), Buffer.from(bytes, 'base64'));
      }
      // Uniform over the apply as measured, plus a little: a kill may also land just after the commit.
      const delay = Math.random() * applyMs * 1.1;
      const result = await killAt([driver, planFile], delay);
      if (!result.killed && result.applyMs > 0) applyMs = Math.max(applyMs, result.applyMs);
      assertEveryFileWhole(reference.changes);
      const note = recoverInterruptedRun(reference.root);
      const now = treeBytes(reference.root);
      if (JSON.stringify(now) === JSON.stringify(before)) {
        if (note) outcomes.rolledBack++;
        else outcomes.untouched++;
      } else {
        assert.deepStrictEqual(now, after, `run ${run} (killed=${result.killed} after ${delay.toFixed(0)} ms) left a tree that is neither before nor after`);
        outcomes.complete++;
      }
      assert.ok(!fs.existsSync(path.join(reference.root, LOCK_NAME)));
    }
    console.log(`      apply took ${applyMs} ms; ${run} kills: ${outcomes.rolledBack} rolled back by the next run, ${outcomes.untouched} before any write, ${outcomes.complete} after the commit`);
    assert.ok(outcomes.rolledBack > 0, 'no kill landed inside the apply: the test did not exercise the rollback');
  });

  it('a failure in the middle of the renames rolls back what this run wrote (created folders included)', () => {
    const { root, changes } = bigPlan();
    const before = treeBytes(root);
    assert.throws(
      () =>
        applyChangesAtomically(root, changes, {
          beforeRename: (index) => {
            if (index === 8) throw new Error('disk full');
          },
        }),
      /disk full/,
    );
    assert.deepStrictEqual(treeBytes(root), before);
  });

  it('init killed by SIGKILL at random points (real CLI, 6 runs): the next init rolls back or finishes; no file is ever partial', async () => {
    const reference = fixtureApp();
    const pristine = treeBytes(reference);
    const done = runCli(['init', reference, '--yes']);
    assert.strictEqual(done.status, 0, done.stderr);
    const normalize = (tree: Record<string, string>): string => JSON.stringify({ ...tree, '.env.local': tree['.env.local'] ? Buffer.from(tree['.env.local'], 'base64').toString().replace(/SECRET=.*/g, 'SECRET=…') : undefined });
    const complete = normalize(treeBytes(reference));
    for (let run = 0; run < 6; run++) {
      const app = fixtureApp();
      const child = startCli(['init', app, '--yes']);
      // Listen before killing: a fast machine may finish init before the kill, and a late listener never fires.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 2500))]);
      child.kill('SIGKILL');
      await exited;
      recoverInterruptedRun(app);
      const now = normalize(treeBytes(app));
      assert.ok(now === normalize(pristine) || now === complete, `run ${run}: the tree is neither the original nor a complete init`);
      const again = runCli(['init', app, '--yes']);
      assert.ok(again.status === 0, again.stderr);
      assert.strictEqual(normalize(treeBytes(app)), complete);
    }
  });
});
