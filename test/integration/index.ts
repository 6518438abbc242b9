// Entry point VS Code's extension host loads via extensionTestsPath: runs the *.test.js files of one
// suite with mocha and resolves/rejects on the result (the @vscode/test-electron contract).
// NEXTAUTH_SUITE picks the suite: `trusted` (default; the workspace must be trusted) or `untrusted`.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const suite = process.env.NEXTAUTH_SUITE === 'untrusted' ? 'untrusted' : 'trusted';
  // Generous per-test timeout: a test plans with the engine several times, and CI machines can be slow.
  // NEXTAUTH_GREP runs a subset while developing.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180000, grep: process.env.NEXTAUTH_GREP || undefined });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.startsWith(`${suite}-`) && file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      // A plain closing line CI log readers can grep.
      console.log(`integration (${suite}): ${stats?.passes ?? 0} passed, ${stats?.failures ?? failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
