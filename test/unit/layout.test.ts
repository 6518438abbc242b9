import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const srcRoot = path.resolve(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

// The layout rules that keep the engine testable and the extension light (docs/ARCHITECTURE.md).
describe('layout', () => {
  it('only src/vscode and src/extension.ts import vscode', () => {
    const offenders = sourceFiles(srcRoot)
      .filter((file) => !file.startsWith(path.join(srcRoot, 'vscode') + path.sep) && file !== path.join(srcRoot, 'extension.ts'))
      .filter((file) => /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(fs.readFileSync(file, 'utf8')));
    assert.deepStrictEqual(offenders.map((f) => path.relative(srcRoot, f)), []);
  });

  it('the engine never writes to disk', () => {
    const writes = /\b(writeFileSync|writeFile|appendFileSync|mkdirSync|rmSync|unlinkSync|renameSync|copyFileSync)\s*\(/;
    const offenders = sourceFiles(path.join(srcRoot, 'core')).filter((file) => writes.test(fs.readFileSync(file, 'utf8')));
    // InMemoryFileSystem/ChangeSet have methods named writeFile/write; only real fs calls count.
    const real = offenders.filter((file) => /\bfs\.(writeFileSync|appendFileSync|mkdirSync|rmSync|unlinkSync|renameSync|copyFileSync|promises)/.test(fs.readFileSync(file, 'utf8')));
    assert.deepStrictEqual(real.map((f) => path.relative(srcRoot, f)), []);
  });

  it('src gets TypeScript through ts-morph, so the bundle holds it once', () => {
    const offenders = sourceFiles(srcRoot).filter((file) => /from\s+['"]typescript['"]|require\(\s*['"]typescript['"]\s*\)/.test(fs.readFileSync(file, 'utf8')));
    assert.deepStrictEqual(offenders.map((f) => path.relative(srcRoot, f)), []);
  });
});
