// Issue 9 item 7: every path conflict is found while planning: init refuses with exit 1 and writes nothing,
// and --dry-run reports the same conflict instead of "all is well".
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { ChangeSet } from '../../src/core/change-set';
import { ScaffoldError } from '../../src/core/errors';
import { InMemoryFileSystem } from '../../src/core/file-system';
import { fakeIO } from './cli-support';
import { fixtureApp, treeBytes } from './safety-support';

describe('safety: path conflicts are refused at plan time', () => {
  for (const [label, blocker, named] of [
    ['src/app/login is a file', 'src/app/login', /src[/\\]app[/\\]login is a file, not a folder/],
    ['src/components is a file', 'src/components', /src[/\\]components is a file, not a folder/],
    ['the .env.local path is a folder', '.env.local/', /\.env\.local: a folder of that name is in the way/],
  ] as const) {
    it(`${label}: init exits 1 naming it, dry run too, nothing written`, async () => {
      const app = fixtureApp();
      if (blocker.endsWith('/')) fs.mkdirSync(path.join(app, blocker));
      else {
        fs.rmSync(path.join(app, blocker), { recursive: true, force: true });
        fs.writeFileSync(path.join(app, blocker), 'not a folder\n');
      }
      const before = treeBytes(app);
      for (const mode of ['--yes', '--dry-run']) {
        const fake = fakeIO(app);
        assert.strictEqual(await main(['init', mode], fake.io), 1, `${mode}: ${fake.text()}`);
        assert.match(fake.err.join('\n'), named);
        assert.match(fake.err.join('\n'), /nothing was written/);
        assert.doesNotMatch(fake.text(), /EEXIST|ENOTDIR|internal error/);
        assert.deepStrictEqual(treeBytes(app), before, mode);
      }
    });
  }

  it('ChangeSet.write refuses a path below a file or onto a folder; a clean path is fine', () => {
    const tree = new ChangeSet(new InMemoryFileSystem({ '/app/components': 'x', '/app/login/page.tsx': 'y' }));
    assert.throws(() => tree.write('/app/components/auth.tsx', ''), (e: unknown) => e instanceof ScaffoldError && e.file === '/app/components');
    assert.throws(() => tree.write('/app/login', ''), ScaffoldError);
    tree.write('/app/new/deep/file.ts', 'ok');
    assert.strictEqual(tree.listChanges().length, 1);
  });
});
