import * as assert from 'assert';
import fc from 'fast-check';
import { textReplacements, type TextReplacement } from '../../src/core/text-replacements';

// The extension applies an update as these replacements (the refactor preview lists each one and diffs only
// those lines), so they must rebuild the new text exactly and touch nothing that did not change.

function apply(before: string, replacements: readonly TextReplacement[]): string {
  let text = '';
  let at = 0;
  for (const r of replacements) {
    assert.ok(r.start >= at && r.end >= r.start && r.end <= before.length, `sorted, non-overlapping, in range: ${JSON.stringify(r)}`);
    text += before.slice(at, r.start) + r.text;
    at = r.end;
  }
  return text + before.slice(at);
}

describe('textReplacements', () => {
  it('equal texts need no replacement', () => {
    assert.deepStrictEqual(textReplacements('a\nb\n', 'a\nb\n'), []);
  });

  it('one inserted line is one insertion, not a replacement of the file', () => {
    const before = 'import a from "a";\n\nexport const x = 1;\n';
    const after = 'import a from "a";\nimport b from "b";\n\nexport const x = 1;\n';
    assert.deepStrictEqual(textReplacements(before, after), [{ start: 19, end: 19, text: 'import b from "b";\n' }]);
  });

  it('separate changes stay separate, each trimmed to what changes', () => {
    const before = 'one\ntwo\nthree\nfour\nfive\n';
    const after = 'one\nTWO\nthree\nfour\nfive\nsix\n';
    const replacements = textReplacements(before, after);
    assert.deepStrictEqual(replacements, [
      { start: 4, end: 7, text: 'TWO' },
      { start: 24, end: 24, text: 'six\n' },
    ]);
    assert.strictEqual(apply(before, replacements), after);
  });

  it('several changed lines are replaced as whole lines', () => {
    const before = '<body>\n  <Header />\n  <main>{children}</main>\n</body>\n';
    const after = '<body>\n  <P>\n    <Header />\n    <main>{children}</main>\n  </P>\n</body>\n';
    assert.deepStrictEqual(textReplacements(before, after), [{ start: 7, end: 46, text: '  <P>\n    <Header />\n    <main>{children}</main>\n  </P>\n' }]);
  });

  it('a JSX wrap keeps the untouched lines out of the edit', () => {
    const before = ['export default function Layout({ children }) {', '  return (', '    <html>', '      <body>{children}</body>', '    </html>', '  );', '}', ''].join('\n');
    const after = before.replace('      <body>{children}</body>', '      <body>\n        <Provider>{children}</Provider>\n      </body>');
    const replacements = textReplacements(before, after);
    assert.strictEqual(replacements.length, 1);
    const [only] = replacements;
    assert.ok(!before.slice(only.start, only.end).includes('<html>'), 'the <html> line is not part of the edit');
    assert.strictEqual(apply(before, replacements), after);
  });

  it('never cuts a CRLF in two', () => {
    const before = 'a\r\nb\r\n';
    const after = 'a\r\nb\nc\r\n';
    const replacements = textReplacements(before, after);
    assert.strictEqual(apply(before, replacements), after);
    for (const r of replacements) {
      for (const cut of [r.start, r.end]) assert.ok(!(before[cut - 1] === '\r' && before[cut] === '\n'), `cut at ${cut} splits a CRLF`);
    }
  });

  it('rebuilds the new text exactly, for any pair of texts (property)', () => {
    const line = fc.constantFrom('', 'a', 'b', 'const x = 1;', '  <body>', '\t}', 'é😀', 'x\r');
    const text = fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 12 }).map((lines) => lines.map(([l, eol]) => l + eol).join(''));
    const tail = fc.constantFrom('', 'no newline at end', '😀');
    fc.assert(
      fc.property(text, tail, text, tail, (a, aTail, b, bTail) => {
        const before = a + aTail;
        const after = b + bTail;
        const replacements = textReplacements(before, after);
        assert.strictEqual(apply(before, replacements), after);
        for (const r of replacements) assert.ok(r.start !== r.end || r.text !== '', 'no empty replacement');
      }),
      { numRuns: 500 },
    );
  });
});
