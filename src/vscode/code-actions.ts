import * as vscode from 'vscode';
import type { Finding } from '../core/analyze/types';
import { DIAGNOSTIC_SOURCE, toRange, type SessionLeakDiagnostics } from './diagnostics';

/**
 * Quick fixes for our diagnostics: for each diagnostic of ours in the request, the fixes the analyzer
 * attached to the matching finding (same rule, same range) of the document's current version, so an
 * edit computed for older text is never offered.
 */
export class SessionLeakQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: SessionLeakDiagnostics) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const version = document.version;
    const findings = await this.diagnostics.findingsFor(document);
    if (document.version !== version) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = findings.find((f) => f.rule === codeOf(diagnostic) && toRange(f.range).isEqual(diagnostic.range));
      if (finding) actions.push(...fixesFor(document, finding, diagnostic));
    }
    return actions;
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

function fixesFor(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  return finding.fixes.map((fix) => {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.preferred === true;
    const edit = new vscode.WorkspaceEdit();
    for (const change of fix.edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.newText);
    }
    action.edit = edit;
    return action;
  });
}
