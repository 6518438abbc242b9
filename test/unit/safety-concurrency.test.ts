// Issue 9 item 10: two runs at once never mix. Real concurrent `init` processes with different settings:
// the applies are serialized by the lock and each re-checks its plan under it, so the app ends up wholly
// one run's (the login form posts the field authorize() reads), and the loser is refused, not "done".
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyChangesAtomically, LOCK_NAME } from '../../src/cli/transaction';
import { ScaffoldError } from '../../src/core/errors';
import { fixtureApp, startCli, tempFolder, treeBytes } from './safety-support';

function run(child: ReturnType<typeof startCli>): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** The credential field the login page posts, and the one authorize() reads. */
function fields(app: string): { form: string[]; authorize: string[] } {
  const page = fs.readFileSync(path.join(app, 'src', 'app', 'login', 'page.tsx'), 'utf8');
  const auth = fs.readFileSync(path.join(app, 'src', 'lib', 'auth.ts'), 'utf8');
  return {
    form: [...page.matchAll(/<input name="(\w+)"/g)].map((m) => m[1]),
    authorize: [...auth.matchAll(/const (?:username|password) = credentials\?\.\["(\w+)"\]/g)].map((m) => m[1]),
  };
}

describe('safety: concurrent runs are serialized by an exclusive lock', function () {
  this.timeout(600_000);

  it('two concurrent inits with different --username-field, 8 rounds: one wins whole, the other is refused', async () => {
    for (let round = 0; round < 8; round++) {
      const app = fixtureApp();
      const results = await Promise.all([
        run(startCli(['init', app, '--yes', '--username-field', 'email'])),
        run(startCli(['init', app, '--yes', '--username-field', 'username'])),
      ]);
      const codes = results.map((r) => r.code).sort();
      assert.ok(codes[0] === 0, `round ${round}: no run succeeded: ${results.map((r) => r.output).join('\n---\n')}`);
      for (const result of results) {
        if (result.code === 0) continue;
        assert.strictEqual(result.code, 1, result.output);
        assert.match(result.output, /changed on disk after the plan was made|Another nextauth-scaffold run .* is applying changes/);
      }
      const { form, authorize } = fields(app);
      assert.strictEqual(form.length, 2);
      assert.deepStrictEqual(form, authorize, `round ${round}: the form posts ${form} but authorize() reads ${authorize}:\n${results.map((r) => `exit ${r.code}: ${r.output}`).join('\n---\n')}`);
      assert.ok(!fs.existsSync(path.join(app, LOCK_NAME)));
    }
  });

  it('a live lock refuses the apply (named, nothing written); a lock whose process is gone is taken over', () => {
    const root = tempFolder();
    const file = path.join(root, 'a.txt');
    fs.writeFileSync(file, 'old\n');
    const lock = path.join(root, LOCK_NAME);
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.ppid, host: require('os').hostname(), started: 'now' }));
    const before = treeBytes(root);
    assert.throws(() => applyChangesAtomically(root, [{ path: file, kind: 'update', before: 'old\n', content: 'new\n' }]), (e: unknown) => e instanceof ScaffoldError && /Another nextauth-scaffold run \(process \d+/.test(e.message));
    assert.deepStrictEqual(treeBytes(root), before);
    // A dead owner (a pid that cannot exist) is stale.
    fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: 2 ** 22 + 7, host: require('os').hostname(), started: 'then' }));
    applyChangesAtomically(root, [{ path: file, kind: 'update', before: 'old\n', content: 'new\n' }]);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'new\n');
    assert.ok(!fs.existsSync(lock));
  });

  it('a file changed after the plan is refused under the lock, before anything is written', () => {
    const root = tempFolder();
    fs.writeFileSync(path.join(root, 'a.txt'), 'edited meanwhile\n');
    const before = treeBytes(root);
    assert.throws(
      () =>
        applyChangesAtomically(root, [
          { path: path.join(root, 'new.txt'), kind: 'create', before: undefined, content: 'x' },
          { path: path.join(root, 'a.txt'), kind: 'update', before: 'old\n', content: 'new\n' },
        ]),
      /a\.txt changed on disk after the plan was made; nothing written/,
    );
    assert.deepStrictEqual(treeBytes(root), before);
  });
});
