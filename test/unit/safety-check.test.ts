// Issue 9 items 12 and 14: `check` visits each real path once, stays inside the given roots, and text
// output never prints control characters from file names raw.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkPaths } from '../../src/core/analyze';
import { NodeFileSystem } from '../../src/core/file-system';
import { runCli, tempFolder } from './safety-support';

const LEAK = 'import type { NextAuthOptions } from "next-auth";\nexport const authOptions: NextAuthOptions = {\n  providers: [],\n  callbacks: {\n    async session({ session, token }) {\n      (session as any).refreshToken = token.refreshToken;\n      return session;\n    },\n  },\n};\n';

function treeWithLeak(): string {
  const root = tempFolder('nextauth-check-');
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.mkdirSync(path.join(root, 'lib'));
  fs.writeFileSync(path.join(root, 'lib', 'auth.ts'), LEAK);
  return root;
}

describe('safety: check follows each real path once, inside its roots', function () {
  this.timeout(60_000);

  it('a self-link is visited once (1 finding, not 41); two self-links finish', () => {
    const root = treeWithLeak();
    fs.symlinkSync('.', path.join(root, 'lib', 'loop'));
    let report = checkPaths(new NodeFileSystem(), [root]);
    assert.strictEqual(report.findings.length, 1);
    assert.strictEqual(report.filesChecked, 1);
    fs.symlinkSync('..', path.join(root, 'lib', 'up'));
    fs.symlinkSync('.', path.join(root, 'again'));
    report = checkPaths(new NodeFileSystem(), [root]);
    assert.strictEqual(report.findings.length, 1);
  });

  it('links to a file or folder already checked add nothing; the same root given twice counts once', () => {
    const root = treeWithLeak();
    fs.symlinkSync(path.join(root, 'lib', 'auth.ts'), path.join(root, 'auth-link.ts'));
    fs.symlinkSync(path.join(root, 'lib'), path.join(root, 'lib-link'));
    const report = checkPaths(new NodeFileSystem(), [root, root, path.join(root, 'lib')]);
    assert.strictEqual(report.findings.length, 1);
  });

  it('a link that leads out of the given roots is not followed', () => {
    const root = tempFolder('nextauth-check-');
    const outside = treeWithLeak();
    fs.symlinkSync(path.join(outside, 'lib'), path.join(root, 'vendored'));
    fs.symlinkSync(path.join(outside, 'lib', 'auth.ts'), path.join(root, 'auth.ts'));
    assert.deepStrictEqual(checkPaths(new NodeFileSystem(), [root]).findings, []);
    // Given explicitly, the outside tree is a root itself.
    assert.strictEqual(checkPaths(new NodeFileSystem(), [root, outside]).findings.length, 1);
  });

  it('text output escapes control characters in file names (no terminal escape injection); JSON keeps them escaped', () => {
    const root = treeWithLeak();
    const evil = 'evil\u001b]0;pwned\u0007\u001b[2J.ts';
    fs.writeFileSync(path.join(root, evil), LEAK);
    const text = runCli(['check', root]);
    assert.strictEqual(text.status, 1, text.stderr);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text.stdout + text.stderr), JSON.stringify(text.stdout));
    assert.match(text.stdout, /evil\\u001b\]0;pwned\\u0007\\u001b\[2J\.ts:6:/);
    const json = runCli(['check', root, '--format', 'json']);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(json.stdout));
    assert.ok((JSON.parse(json.stdout) as Array<{ file: string }>).some((f) => f.file.endsWith(evil)));
  });
});
