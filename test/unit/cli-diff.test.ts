import * as assert from 'assert';
import fc from 'fast-check';
import { diffLines, unifiedDiff } from '../../src/cli/diff';

/** Length of the longest common subsequence, by the textbook DP (the oracle for minimality). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

describe('cli: diffLines (Myers)', () => {
  it('is a shortest edit script that rebuilds both sides (property, against an LCS oracle)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 14 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const script = diffLines(a, b);
        assert.deepStrictEqual(script.filter((l) => l.kind !== 'added').map((l) => l.text), a);
        assert.deepStrictEqual(script.filter((l) => l.kind !== 'removed').map((l) => l.text), b);
        assert.strictEqual(script.filter((l) => l.kind === 'same').length, lcsLength(a, b));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('cli: unifiedDiff', () => {
  it('prints git-style hunks with 3 lines of context, merging close changes', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20'].join('\n') + '\n';
    const after = before.replace('2\n', '2\nnew\n').replace('5\n', 'five\n').replace('18\n', '');
    assert.strictEqual(
      unifiedDiff('lib/x.ts', before, after),
      [
        '--- a/lib/x.ts',
        '+++ b/lib/x.ts',
        '@@ -1,8 +1,9 @@',
        ' 1',
        ' 2',
        '+new',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '@@ -15,6 +16,5 @@',
        ' 15',
        ' 16',
        ' 17',
        '-18',
        ' 19',
        ' 20',
        '',
      ].join('\n'),
    );
  });

  it('diffs a created file against /dev/null and an equal file as nothing', () => {
    assert.strictEqual(unifiedDiff('.env.local', undefined, 'A=1\nB=2\n'), '--- /dev/null\n+++ b/.env.local\n@@ -0,0 +1,2 @@\n+A=1\n+B=2\n');
    assert.strictEqual(unifiedDiff('a', 'same\n', 'same\n'), '');
  });

  it('treats CRLF like LF so an unchanged CRLF file only shows its real changes', () => {
    assert.strictEqual(unifiedDiff('a', 'x\r\ny\r\n', 'x\r\ny\r\nz\r\n'), '--- a/a\n+++ b/a\n@@ -1,2 +1,3 @@\n x\n y\n+z\n');
  });
});
