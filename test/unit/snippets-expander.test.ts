import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandSnippet, parseSnippet, readSnippetFile, SnippetSyntaxError } from '../support/snippets';

// The snippet test is only as good as this expander, so it gets its own table of VS Code behaviours.
describe('snippet expander (VS Code snippet syntax)', () => {
  const cases: { body: string; expected: string; file?: string }[] = [
    { body: 'plain text', expected: 'plain text' },
    { body: 'a $1 b $0', expected: 'a  b ' },
    { body: '${1:default}', expected: 'default' },
    { body: '${1:outer ${2:inner}}', expected: 'outer inner' },
    { body: '${1|email,username|}: $1', expected: 'email: email' },
    { body: 'mirror $1 before ${1:value}', expected: 'mirror value before value' },
    { body: '${1:first} ${1:second}', expected: 'first first' },
    { body: '${1:x ${2:y}} and $2', expected: 'x y and y' },
    { body: '\\${process.env.${1:API_BASE_URL}}/login', expected: '${process.env.API_BASE_URL}/login' },
    { body: 'a \\} b \\\\ c \\n', expected: 'a } b \\ c \\n' },
    { body: 'top-level } stays', expected: 'top-level } stays' },
    { body: '${1:obj = { a: 1 \\}}', expected: 'obj = { a: 1 }' },
    { body: '${1|a\\,b,c\\|d|}', expected: 'a,b' },
    { body: 'file $TM_FILENAME base ${TM_FILENAME_BASE}', expected: 'file route.ts base route', file: 'app/api/route.ts' },
    { body: '${TM_SELECTED_TEXT:fallback}', expected: 'fallback' },
    { body: '${1:${TM_FILENAME_BASE}}', expected: 'page', file: 'app/page.tsx' },
  ];
  for (const { body, expected, file } of cases) {
    it(`expands ${JSON.stringify(body)}`, () => {
      assert.strictEqual(expandSnippet(body, { file }).text, expected);
    });
  }

  it('reports tab stops and choices', () => {
    const expansion = expandSnippet('${2|GET,POST|} ${1:x} $0 $1');
    assert.deepStrictEqual(expansion.tabStops, [0, 1, 2]);
    assert.deepStrictEqual(expansion.choices.get(2), ['GET', 'POST']);
  });

  it('lets a test pick another choice, mirrored everywhere', () => {
    const expansion = expandSnippet('${1|email,username|} = credentials.$1', { choose: (_, options) => options[1] });
    assert.strictEqual(expansion.text, 'username = credentials.username');
  });

  it('joins body lines with newlines', () => {
    assert.strictEqual(expandSnippet(['line ${1:one}', '\tline $1']).text, 'line one\n\tline one');
  });

  const invalid: { body: string; reason: RegExp }[] = [
    { body: 'template `${value}`', reason: /unknown variable \$value/ },
    { body: 'regex /a$/', reason: /"\$" starts no tab stop/ },
    { body: 'price $ 5', reason: /"\$" starts no tab stop/ },
    { body: '${1:unclosed', reason: /unclosed|not closed/ },
    { body: '${1|a,b}', reason: /choice is not closed/ },
    { body: '${TM_FILENAME/(.*)/$1/}', reason: /transforms are not supported/ },
    { body: '$MY_VAR', reason: /unknown variable/ },
    { body: '${', reason: /starts no tab stop or variable/ },
  ];
  for (const { body, reason } of invalid) {
    it(`rejects ${JSON.stringify(body)}`, () => {
      assert.throws(() => parseSnippet(body), (error: unknown) => error instanceof SnippetSyntaxError && reason.test(error.message));
    });
  }

  describe('readSnippetFile', () => {
    const write = (text: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snippet-file-'));
      const file = path.join(dir, 'x.code-snippets');
      fs.writeFileSync(file, text);
      return file;
    };

    it('reads JSONC (comments, trailing commas) and normalizes prefix and body', () => {
      const file = write('// header\n{\n  "A": { "prefix": "nextauth-a", "body": "x", "description": "d", },\n  /* c */ "B": { "prefix": ["nextauth-b", "na-b"], "body": ["1", "2"] },\n}\n');
      const snippets = readSnippetFile(file);
      assert.deepStrictEqual(snippets.map((s) => [s.name, s.prefixes, s.body, s.description]), [
        ['A', ['nextauth-a'], ['x'], 'd'],
        ['B', ['nextauth-b', 'na-b'], ['1', '2'], ''],
      ]);
    });

    it('rejects duplicate snippet names, which JSON would silently collapse', () => {
      const file = write('{ "A": { "prefix": "a", "body": "x" }, "A": { "prefix": "b", "body": "y" } }');
      assert.throws(() => readSnippetFile(file), /defined twice/);
    });

    it('rejects syntax errors and entries without prefix or body', () => {
      assert.throws(() => readSnippetFile(write('{ "A": { "prefix": "a", "body": "x" ')));
      assert.throws(() => readSnippetFile(write('{ "A": { "body": "x" } }')), /needs a prefix/);
      assert.throws(() => readSnippetFile(write('{ "A": { "prefix": "a", "body": 3 } }')), /needs a body/);
    });
  });
});
