// The session-leak warnings as a user meets them: open a leaking auth file, see the warning on the
// leaking expression, apply each quick fix, see the warning go and the file still parse.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { appPath, DIAGNOSTIC_SOURCE, LEAKING_AUTH_FILE, lineOf, setDocumentText, syntaxErrors, waitForDiagnostics } from './helpers';

const RULE = 'session-exposes-refresh-token';
const leakLine = lineOf(LEAKING_AUTH_FILE, 'session.user = token as any');
const sourceLine = lineOf(LEAKING_AUTH_FILE, 'token.refreshToken = ');

const isLeak = (d: vscode.Diagnostic) => d.code === RULE && d.range.start.line === leakLine;

describe('session-leak diagnostics', () => {
  const file = appPath('lib-auth-config', 'lib', 'leaky-auth.ts');
  let document: vscode.TextDocument;

  before(async () => {
    fs.writeFileSync(file, LEAKING_AUTH_FILE);
    document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await setDocumentText(document, LEAKING_AUTH_FILE);
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
    await vscode.workspace.getConfiguration('nextauthScaffold').update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('nextauthScaffold').update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('warns on the expression that hands the JWT to the browser, pointing at where the refresh token enters', async () => {
    const [diagnostic] = (await waitForDiagnostics(document.uri, (ds) => ds.some(isLeak), 'the refresh-token warning')).filter(isLeak);
    assert.strictEqual(diagnostic.source, DIAGNOSTIC_SOURCE);
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const flagged = document.getText(diagnostic.range);
    assert.ok(/token/.test(flagged) && !flagged.includes('\n'), `the squiggle is on the leaking expression, not the line: "${flagged}"`);
    assert.ok(
      (diagnostic.relatedInformation ?? []).some((r) => r.location.range.start.line === sourceLine),
      `relatedInformation points at line ${sourceLine + 1}: ${JSON.stringify(diagnostic.relatedInformation?.map((r) => r.location.range.start.line))}`,
    );
  });

  it('offers quick fixes for it; each removes the warning and leaves a file that parses', async () => {
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.some(isLeak), 'the refresh-token warning');
    const initial = await quickFixesFor(document, diagnostics.find(isLeak)!);
    assert.ok(initial.length >= 2, `at least a fix and an ignore comment: ${initial.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(initial.filter((a) => a.isPreferred).length, 1, 'exactly one preferred fix');

    for (const title of initial.map((a) => a.title)) {
      await setDocumentText(document, LEAKING_AUTH_FILE);
      const current = await waitForDiagnostics(document.uri, (ds) => ds.some(isLeak), `the warning before "${title}"`);
      const action = (await quickFixesFor(document, current.find(isLeak)!)).find((a) => a.title === title);
      assert.ok(action?.edit, `"${title}" is offered again for the current version`);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.code === RULE), `the warning to go after "${title}"`);
      assert.deepStrictEqual(syntaxErrors(file, document.getText()), [], `"${title}" leaves a file that parses`);
      assert.ok(!document.getText().includes('session.user = token as any') || /nextauth-scaffold-ignore-next-line/.test(document.getText()));
    }
  });

  it('offers the quick fixes with the cursor on the warning (Ctrl+.)', async () => {
    await setDocumentText(document, LEAKING_AUTH_FILE);
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.some(isLeak), 'the warning');
    const start = diagnostics.find(isLeak)!.range.start;
    const atCursor = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(start, start), vscode.CodeActionKind.QuickFix.value)) ?? [];
    assert.ok(atCursor.some((a) => a.isPreferred), `a preferred fix at the cursor: ${atCursor.map((a) => a.title).join(' | ')}`);
  });

  it('follows the severity and on/off settings', async () => {
    await setDocumentText(document, LEAKING_AUTH_FILE);
    await waitForDiagnostics(document.uri, (ds) => ds.some(isLeak), 'the warning');
    const config = () => vscode.workspace.getConfiguration('nextauthScaffold');
    await config().update('diagnostics.severity', 'error', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(document.uri, (ds) => ds.some((d) => isLeak(d) && d.severity === vscode.DiagnosticSeverity.Error), 'an error-severity diagnostic');
    await config().update('diagnostics.enabled', false, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(document.uri, (ds) => ds.length === 0, 'no diagnostics when disabled');
    await config().update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(document.uri, (ds) => ds.some((d) => isLeak(d) && d.severity === vscode.DiagnosticSeverity.Warning), 'the warning back');
  });

  it('drops results for text the user has typed past', async () => {
    // Fix and re-break in quick succession: the final diagnostics must describe the final text.
    const fixedText = LEAKING_AUTH_FILE.replace('session.user = token as any;', 'session.user = { ...session.user };');
    await setDocumentText(document, fixedText);
    await setDocumentText(document, LEAKING_AUTH_FILE);
    await setDocumentText(document, fixedText);
    const version = document.version;
    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.code === RULE), 'no warning for the fixed text');
    assert.strictEqual(document.version, version);
  });
});

async function quickFixesFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  // The command hands back actions without their `diagnostics`; the range (a leaking expression with no
  // TypeScript error on it) is what ties them to our warning here.
  return actions.filter((a) => a.edit && a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
}
