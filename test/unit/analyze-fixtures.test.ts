// The analyzer's file corpus (test/fixtures/analyzer/): one case per file, expected findings as marker comments
// (`// expect: <rule>` ends each line that should carry a finding; no marker means no finding). See its README.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeSource, checkPaths } from '../../src/core/analyze';
import { NodeFileSystem } from '../../src/core/file-system';

const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'analyzer');
const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const MARKER = /\/\/\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/;

/** Single-file cases: source files outside project folders. */
function caseFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return isProject(full) ? [] : caseFiles(full);
      return SOURCE.test(entry.name) ? [full] : [];
    })
    .sort();
}

/** A folder with a package.json is a multi-file case: `check` runs on it as a whole. */
function isProject(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'package.json'));
}

function projectCases(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return isProject(full) ? [full] : projectCases(full);
    })
    .sort();
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourcesUnder(full) : SOURCE.test(entry.name) ? [full] : [];
  });
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

  for (const project of projectCases(CORPUS)) {
    it(`${path.relative(CORPUS, project)}/ (multi-file, check on the folder)`, () => {
      const report = checkPaths(new NodeFileSystem(), [project]);
      const actual = report.findings.map((f) => `${path.relative(project, f.file)}:${f.line}:${f.rule}`);
      const wanted = sourcesUnder(project).flatMap((file) => expected(fs.readFileSync(file, 'utf8')).map((e) => `${path.relative(project, file)}:${e}`));
      assert.deepStrictEqual(actual.sort(), wanted.sort());
      // The finding says it depends on another file, and points there.
      for (const finding of report.findings.filter((f) => f.message.includes('depends on another file'))) {
        assert.ok(finding.relatedLocations.some((r) => r.file !== finding.file), JSON.stringify(finding));
      }
    });
  }

  for (const file of files) {
    it(path.relative(CORPUS, file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const actual = analyzeSource(file, text).map((f) => `${f.range.start.line + 1}:${f.rule}`);
      assert.deepStrictEqual(actual.sort(), expected(text).sort());
    });
  }
});
