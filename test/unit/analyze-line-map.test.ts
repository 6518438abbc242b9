import * as assert from 'assert';
import { LineMap } from '../../src/core/analyze/line-map';

describe('LineMap (positions as VS Code counts them)', () => {
  it('maps offsets with \\n, \\r\\n and lone \\r line breaks, and not \\u2028', () => {
    const text = 'a\nbc\r\nd\re\u2028f';
    const lines = new LineMap(text);
    assert.deepStrictEqual(lines.position(0), { line: 0, character: 0 });
    assert.deepStrictEqual(lines.position(text.indexOf('c')), { line: 1, character: 1 });
    assert.deepStrictEqual(lines.position(text.indexOf('d')), { line: 2, character: 0 });
    assert.deepStrictEqual(lines.position(text.indexOf('f')), { line: 3, character: 2 });
    assert.deepStrictEqual(lines.position(text.length), { line: 3, character: 3 });
    assert.strictEqual(lines.lineText(1), 'bc');
    assert.strictEqual(lines.lineStart(2), text.indexOf('d'));
    assert.strictEqual(lines.lineStart(99), text.indexOf('e'));
  });
});
