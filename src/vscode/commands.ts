import * as vscode from 'vscode';
import { runScaffoldCommand, type ScaffoldCommandDeps, type ScaffoldCommandKind } from './scaffold-command';

/** Command ids (package.json `contributes.commands`) and the command each runs. */
export const COMMANDS: Readonly<Record<string, ScaffoldCommandKind>> = {
  'nextauthScaffold.scaffoldCredentials': 'scaffold',
  'nextauthScaffold.addCallbacks': 'callbacks',
  'nextauthScaffold.generateTypes': 'types',
  'nextauthScaffold.addRouteProtection': 'protect',
};

/**
 * Registers every command from the table. Each handler loads the engine only when it runs; the
 * returned disposables belong in `context.subscriptions`.
 */
export function registerCommands(deps: ScaffoldCommandDeps): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, kind]) =>
    vscode.commands.registerCommand(id, (args?: unknown) => runScaffoldCommand(kind, args, deps)),
  );
}
