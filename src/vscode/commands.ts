import * as vscode from 'vscode';
import { CHOOSE_REFRESH_STORE, runChooseRefreshStore } from './choose-refresh-store';
import { runScaffoldCommand, SCAFFOLD_COMMANDS, type ScaffoldCommandDeps, type ScaffoldCommandKind } from './scaffold-command';

/** Opens the extension's log (the Output panel's "NextAuth Scaffold" channel); allowed in Restricted Mode. */
export const SHOW_LOG_COMMAND = 'nextauthScaffold.showLog';

/** Command ids (package.json `contributes.commands`) and the command each runs. */
export const COMMANDS: Readonly<Record<string, ScaffoldCommandKind>> = Object.fromEntries(
  (Object.keys(SCAFFOLD_COMMANDS) as ScaffoldCommandKind[]).map((kind) => [SCAFFOLD_COMMANDS[kind].id, kind]),
);

/**
 * Registers every command from the table. Each handler loads the engine only when it runs; the
 * returned disposables belong in `context.subscriptions`.
 */
export function registerCommands(deps: ScaffoldCommandDeps): vscode.Disposable[] {
  return [
    ...Object.entries(COMMANDS).map(([id, kind]) => vscode.commands.registerCommand(id, (args?: unknown) => runScaffoldCommand(kind, args, deps))),
    vscode.commands.registerCommand(CHOOSE_REFRESH_STORE.id, (args?: unknown) => runChooseRefreshStore(args)),
    vscode.commands.registerCommand(SHOW_LOG_COMMAND, () => deps.log.show(true)),
  ];
}
