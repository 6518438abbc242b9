// `npm run test:electron`: the same suite under @vscode/test-electron, for machines that can download
// VS Code (CI here cannot; it uses scripts/test-vscode.sh with code-server instead). Runs the trusted
// suite and the Restricted Mode suite, each on a fresh temp copy of the fixture apps.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const fixtures = path.join(root, 'test', 'fixtures', 'apps');
  let failures = 0;
  for (const suite of ['trusted', 'untrusted'] as const) {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `nextauth-electron-${suite}-`));
    fs.cpSync(fixtures, workspace, { recursive: true });
    try {
      await runTests({
        version: process.env.VSCODE_VERSION ?? '1.100.3',
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(__dirname, 'index'),
        extensionTestsEnv: { NEXTAUTH_SUITE: suite },
        launchArgs: [workspace, '--disable-extensions', ...(suite === 'trusted' ? ['--disable-workspace-trust'] : [])],
      });
    } catch (error) {
      failures++;
      console.error(`${suite} suite failed:`, error instanceof Error ? error.message : error);
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }
  process.exit(failures > 0 ? 1 : 0);
}

void main();
