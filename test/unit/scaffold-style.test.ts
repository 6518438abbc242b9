import * as assert from 'assert';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { loadAuthTemplate } from '../../src/core/scaffold/auth-template';
import { EditableSource } from '../../src/core/scaffold/editable-source';
import { detectStyle, reindent } from '../../src/core/scaffold/source-style';
import type { SourceStyle } from '../../src/core/scaffold/source-style';

describe('detectStyle', () => {
  it('reads quotes, semicolons, indentation, line endings and trailing commas by majority', () => {
    const standard = "import a from 'a'\nconst b = {\n    c: 'd',\n    e: 'f'\n}\nexport default b\n";
    assert.deepStrictEqual(detectStyle(standard, 'x.ts'), { quote: "'", semicolons: false, indent: '    ', newline: '\n', trailingCommas: false });
    const prettier = 'import a from "a";\r\nconst b = {\r\n  c: "d",\r\n};\r\n';
    assert.deepStrictEqual(detectStyle(prettier, 'x.ts'), { quote: '"', semicolons: true, indent: '  ', newline: '\r\n', trailingCommas: true });
    assert.strictEqual(detectStyle('function f() {\n\treturn {\n\t\ta: 1,\n\t};\n}\n', 'x.js').indent, '\t');
  });

  it('does not count JSX attribute quotes or JSDoc continuation lines', () => {
    const jsx = "import x from 'x'\nexport const A = () => <div className=\"a\" id=\"b\" title=\"c\" />\n/**\n * doc\n */\n";
    const style = detectStyle(jsx, 'x.tsx');
    assert.strictEqual(style.quote, "'");
    assert.strictEqual(style.indent, '  ');
  });
});

describe('restyled generated code', () => {
  const styles: SourceStyle[] = [
    { quote: "'", semicolons: false, indent: '\t', newline: '\n', trailingCommas: true },
    { quote: "'", semicolons: true, indent: '    ', newline: '\n', trailingCommas: true },
    { quote: '"', semicolons: false, indent: '  ', newline: '\n', trailingCommas: false },
  ];
  for (const style of styles) {
    for (const major of [4, 5] as const) {
      for (const language of ['ts', 'js'] as const) {
        it(`v${major} ${language} in ${JSON.stringify(style)} parses and reads back as that style`, () => {
          const text = loadAuthTemplate(major, language, DEFAULT_SETTINGS, style).text;
          assert.doesNotThrow(() => new EditableSource(`/app/auth.${language}`, text));
          const read = detectStyle(text, `auth.${language}`);
          assert.strictEqual(read.quote, style.quote);
          assert.strictEqual(read.semicolons, style.semicolons);
          assert.strictEqual(read.indent, style.indent);
        });
      }
    }
  }

  it('reindent keeps the odd space of JSDoc lines', () => {
    assert.strictEqual(reindent('  /**\n   * a\n   */\n    b', '  ', '\t'), '\t/**\n\t * a\n\t */\n\t\tb');
  });
});
