// The language status item on TS/JS documents, read back through the extension's exports (VS Code's API
// cannot read a language status item; the e2e suite checks what the window draws). Runs right after the
// activation test, while the engine is still unloaded, so the first leaking file shows "engine loading…".
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { StatusView } from '../../src/vscode/language-status';
import { appPath, extensionApi, LEAKING_AUTH_FILE, waitForDiagnostics, waitForStatus } from './helpers';

const ON = /^NextAuth checks: on · (\d+) files?$/;

describe('language status', () => {
  const file = appPath('lib-auth-config', 'lib', 'status-leaky-auth.ts');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
    await vscode.workspace.getConfiguration('nextauthScaffold').update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('shows "engine loading…" (busy) while the first leaking file loads the engine, then "on · N files" with the finding', async () => {
    const api = await extensionApi();
    const before = api.status.view();
    assert.strictEqual(before.restrictedMode, undefined, 'no Restricted Mode entry in a trusted workspace');
    assert.match(before.checks.text, ON);
    assert.strictEqual(before.checks.busy, false);
    assert.deepStrictEqual(before.checks.command, { title: 'Show Log', command: 'nextauthScaffold.showLog' });

    const seen: StatusView['checks'][] = [];
    const recording = api.status.onDidChange(() => seen.push(api.status.view().checks));
    try {
      fs.writeFileSync(file, LEAKING_AUTH_FILE);
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.code === 'session-exposes-refresh-token'), 'the refresh-token warning');
      const after = await waitForStatus(api, (view) => ON.test(view.checks.text) && view.checks.detail === '1 with findings', 'the checked file with its finding');
      assert.strictEqual(after.checks.busy, false);
      assert.strictEqual(after.checks.severity, 'information');
      const files = Number(ON.exec(after.checks.text)?.[1]);
      const candidates = vscode.workspace.textDocuments.filter((d) => ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].includes(d.languageId) && ['file', 'untitled'].includes(d.uri.scheme));
      assert.ok(files >= 1 && files <= candidates.length, `N (${files}) counts open TS/JS documents, of which there are ${candidates.length}`);
    } finally {
      recording.dispose();
    }
    const loading = seen.find((checks) => checks.busy);
    assert.ok(loading, `a busy state was shown; saw ${JSON.stringify(seen.map((c) => c.text))}`);
    assert.match(loading.text, /^NextAuth checks: on · \d+ files? · engine loading…$/);
  });

  it('says "off" when nextauthScaffold.diagnostics.enabled is false, linking to the setting, and "on" again when it is not', async () => {
    const api = await extensionApi();
    const settings = vscode.workspace.getConfiguration('nextauthScaffold');
    await settings.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Workspace);
    const off = await waitForStatus(api, (view) => view.checks.text === 'NextAuth checks: off', 'the off state');
    assert.strictEqual(off.checks.detail, 'nextauthScaffold.diagnostics.enabled is false');
    assert.deepStrictEqual(off.checks.command, { title: 'Settings', command: 'workbench.action.openSettings', arguments: ['nextauthScaffold.diagnostics'] });
    await settings.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForStatus(api, (view) => ON.test(view.checks.text) && view.checks.detail === '1 with findings', 'the checks on again, the finding back');
  });

  it('links to the log: its command opens the NextAuth Scaffold output', async () => {
    const api = await extensionApi();
    const command = api.status.view().checks.command;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
  });
});
