// Restricted Mode (the workspace is not trusted): warnings work, nothing is written.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { appPath, differences, LEAKING_AUTH_FILE, lineOf, runCommand, snapshot, waitForDiagnostics, workspaceRoot } from './helpers';

describe('in an untrusted workspace', () => {
  it('is really untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  for (const id of ['nextauthScaffold.scaffoldCredentials', 'nextauthScaffold.addCallbacks', 'nextauthScaffold.generateTypes', 'nextauthScaffold.addRouteProtection', 'nextauthScaffold.chooseRefreshStore']) {
    it(`${id} refuses and writes nothing`, async () => {
      const before = snapshot(workspaceRoot());
      const result = await runCommand(id, { appRoot: appPath('app-router-src'), router: 'app', matcher: ['/dashboard/:path*'], store: 'redis', apply: true });
      assert.strictEqual(result.status, 'refused');
      assert.match(result.message ?? '', /trusted/);
      assert.deepStrictEqual(differences(before, snapshot(workspaceRoot())), []);
    });
  }

  it('still shows the refresh-token warning and the session lens', async () => {
    const file = appPath('lib-auth-config', 'lib', 'leaky-auth.ts');
    fs.writeFileSync(file, LEAKING_AUTH_FILE);
    try {
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      const line = lineOf(LEAKING_AUTH_FILE, 'session.user = token as any');
      await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.code === 'session-exposes-refresh-token' && d.range.start.line === line), 'the warning in Restricted Mode');
      // The "Sent to the browser" lens reads only, so it is there too.
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
      const titles = lenses.filter((l) => l.command?.command === 'nextauthScaffold.showSessionShape').map((l) => l.command?.title);
      assert.deepStrictEqual(titles, ['Sent to the browser: user = the whole JWT · includes refresh token']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(file, { force: true });
    }
  });
});
