import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { unifiedDiff } from '../../src/cli/diff';
import { fixtureApp, runCli, tempFolder, treeBytes } from './safety-support';

/** Applies `patch` in `dir` with git apply (--check first); returns git's stderr on failure. */
function gitApply(dir: string, patch: string): string | undefined {
  const file = path.join(tempFolder(), 'change.patch');
  fs.writeFileSync(file, patch);
  for (const args of [['apply', '--check', file], ['apply', file]]) {
    const result = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) return result.stderr || `git ${args.join(' ')} exited ${result.status}`;
  }
  return undefined;
}

describe('cli: unifiedDiff (jsdiff createTwoFilesPatch)', () => {
  it('prints git-style hunks with 3 lines of context, merging close changes', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20'].join('\n') + '\n';
    const after = before.replace('2\n', '2\nnew\n').replace('5\n', 'five\n').replace('18\n', '');
    assert.strictEqual(
      unifiedDiff('lib/x.ts', before, after),
      ['--- a/lib/x.ts', '+++ b/lib/x.ts', '@@ -1,8 +1,9 @@', ' 1', ' 2', '+new', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', '@@ -15,6 +16,5 @@', ' 15', ' 16', ' 17', '-18', ' 19', ' 20', ''].join('\n'),
    );
  });

  it('creates against /dev/null; equal texts give nothing', () => {
    assert.strictEqual(unifiedDiff('.env.local', undefined, 'A=1\nB=2\n'), '--- /dev/null\n+++ b/.env.local\n@@ -0,0 +1,2 @@\n+A=1\n+B=2\n');
    assert.strictEqual(unifiedDiff('a', 'same\n', 'same\n'), '');
  });

  it('line-ending-only and final-newline-only changes get a hunk and "\\ No newline at end of file" (issue 12 reproductions)', () => {
    assert.match(unifiedDiff('a', 'x\ny', 'x\ny\n'), /@@ -1,2 \+1,2 @@\n x\n-y\n\\ No newline at end of file\n\+y\n$/);
    assert.match(unifiedDiff('a', 'x\ny\n', 'x\r\ny\r\n'), /@@ -1,2 \+1,2 @@\n-x\n-y\n\+x\r\n\+y\r\n$/);
  });

  it('every kind of change applies with git apply and yields the new bytes exactly', () => {
    const cases: Array<[string | undefined, string]> = [
      ['a\nb\nc\n', 'a\nB\nc\nd\n'],
      ['x\ny', 'x\ny\n'],
      ['x\ny\n', 'x\ny'],
      ['x\r\ny\r\n', 'x\r\ny\r\nz\r\n'],
      ['x\ny\n', 'x\r\ny\r\n'],
      ['\uFEFFbom\n', '\uFEFFbom\nmore\n'],
      [undefined, 'new\nfile'],
    ];
    for (const [before, after] of cases) {
      const dir = tempFolder();
      if (before !== undefined) fs.writeFileSync(path.join(dir, 'f.txt'), before);
      const failure = gitApply(dir, unifiedDiff('f.txt', before, after));
      assert.strictEqual(failure, undefined, `${JSON.stringify(before)} -> ${JSON.stringify(after)}: ${failure}`);
      assert.strictEqual(fs.readFileSync(path.join(dir, 'f.txt'), 'utf8'), after);
    }
  });

  it('init --dry-run prints a patch that git apply --check accepts and that applies to what init --yes writes', function () {
    this.timeout(120_000);
    const app = fixtureApp('lib-auth-config');
    fs.writeFileSync(path.join(app, 'app', 'layout.tsx'), fs.readFileSync(path.join(app, 'app', 'layout.tsx'), 'utf8').replace(/\n/g, '\r\n'));
    const dry = runCli(['init', app, '--dry-run'], { cwd: app });
    assert.strictEqual(dry.status, 0, dry.stderr);
    const copy = tempFolder();
    fs.cpSync(app, copy, { recursive: true });
    assert.strictEqual(gitApply(app, dry.stdout), undefined);
    const applied = runCli(['init', copy, '--yes'], { cwd: copy });
    assert.strictEqual(applied.status, 0, applied.stderr);
    const secretless = (tree: Record<string, string>) => JSON.stringify(Object.entries(tree).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8').replace(/(SECRET=).*/g, '$1…')]));
    assert.strictEqual(secretless(treeBytes(app)), secretless(treeBytes(copy)));
  });
});
