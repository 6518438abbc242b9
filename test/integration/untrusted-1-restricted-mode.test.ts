// Restricted Mode (the workspace is not trusted): warnings work, nothing is written.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { appPath, differences, extensionApi, LEAKING_AUTH_FILE, lineOf, runCommand, snapshot, waitForDiagnostics, waitForStatus, workspaceRoot } from './helpers';

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

describe('the Restricted Mode status entry', () => {
  it('says the scaffold commands need a trusted folder, in the language status and the status bar, and links to Workspace Trust', async () => {
    const api = await extensionApi();
    const view = await waitForStatus(api, (v) => v.restrictedMode !== undefined, 'the Restricted Mode entry');
    assert.ok(view.restrictedMode);
    assert.strictEqual(view.restrictedMode.languageStatus.text, 'NextAuth: the scaffold commands need a trusted folder');
    assert.strictEqual(view.restrictedMode.languageStatus.severity, 'warning');
    assert.deepStrictEqual(view.restrictedMode.languageStatus.command, { title: 'Manage Trust', command: 'workbench.trust.manage' });
    assert.strictEqual(view.restrictedMode.statusBar.command, 'workbench.trust.manage');
    assert.match(view.restrictedMode.statusBar.tooltip, /^NextAuth: the scaffold commands need a trusted folder\./);
    // The checks run in Restricted Mode; only writing is off.
    assert.match(view.checks.text, /^NextAuth checks: on · \d+ files?/);
  });

  it("its command opens VS Code's Workspace Trust editor", async () => {
    const opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`no Workspace Trust tab opened; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')}`));
      }, 20000);
      const listener = vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (!event.opened.some((tab) => tab.label === 'Workspace Trust')) return;
        clearTimeout(timer);
        listener.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('workbench.trust.manage');
    await opened;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
