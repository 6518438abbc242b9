// Entry point VS Code's extension host loads via extensionTestsPath: runs every *.test.js next to it
// with mocha and resolves/rejects on the result (the @vscode/test-electron contract).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000 });
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      // A plain closing line CI log readers can grep.
      console.log(`integration: ${stats?.passes ?? 0} passed, ${stats?.failures ?? failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
