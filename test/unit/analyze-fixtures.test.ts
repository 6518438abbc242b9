// The analyzer's file corpus (test/fixtures/analyzer/): one case per file, expected findings as marker comments
// (`// expect: <rule>` ends each line that should carry a finding; no marker means no finding). See its README.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeSource } from '../../src/core/analyze';

const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'analyzer');
const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const MARKER = /\/\/\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/;

function caseFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? caseFiles(full) : SOURCE.test(entry.name) ? [full] : [];
    })
    .sort();
}

/** `line:rule` for every marker, 1-based. */
function expected(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line, index) => {
    const match = MARKER.exec(line);
    return match ? match[1].split(/\s*,\s*/).map((rule) => `${index + 1}:${rule}`) : [];
  });
}

describe('analyzer corpus (test/fixtures/analyzer, one case per file)', () => {
  const files = caseFiles(CORPUS);

  it('has cases', () => {
    assert.ok(files.length > 0, `no cases under ${CORPUS}`);
  });

  for (const file of files) {
    it(path.relative(CORPUS, file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const actual = analyzeSource(file, text).map((f) => `${f.range.start.line + 1}:${f.rule}`);
      assert.deepStrictEqual(actual.sort(), expected(text).sort());
    });
  }
});
