import * as vscode from 'vscode';
import { SessionLeakQuickFixes } from './vscode/code-actions';
import { registerCommands } from './vscode/commands';
import { ANALYZED_DOCUMENTS, SessionLeakDiagnostics } from './vscode/diagnostics';
import { SessionLens } from './vscode/session-lens';
import { engineLoader } from './vscode/engine';
import { NextAuthStatus, type StatusView } from './vscode/language-status';

/** What activate() returns: how long activation took, for the integration suite and `npm run bench`. */
export interface ExtensionApi {
  /** Milliseconds spent inside activate() (registrations only). */
  readonly activateMs: number;
  /** The language status and Restricted Mode entries as shown (language status items cannot be read back through VS Code's API). */
  readonly status: { view(): StatusView; readonly onDidChange: vscode.Event<void> };
}

/**
 * Registers the commands, the session-leak diagnostics and their quick fixes, the status entries, and
 * returns. Nothing here loads the engine (TypeScript, ts-morph): a command or the first document that
 * looks like a NextAuth session callback does. Every registration goes into `context.subscriptions`.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('NextAuth Scaffold', { log: true });
  const diagnostics = new SessionLeakDiagnostics(log);
  const sessionLens = new SessionLens(diagnostics);
  const status = new NextAuthStatus(diagnostics, engineLoader, log);
  context.subscriptions.push(
    log,
    diagnostics,
    status,
    ...registerCommands({ log, workspaceState: context.workspaceState }),
    vscode.languages.registerCodeActionsProvider(ANALYZED_DOCUMENTS, new SessionLeakQuickFixes(diagnostics), SessionLeakQuickFixes.metadata),
    sessionLens,
    ...sessionLens.register(),
  );
  return { activateMs: performance.now() - started, status: { view: () => status.view(), onDidChange: status.onDidChange } };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
