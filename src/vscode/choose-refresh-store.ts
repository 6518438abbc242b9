import * as vscode from 'vscode';
import type { RefreshStoreKind } from '../core/settings';
import { SCAFFOLD_COMMANDS, type ScaffoldCommandResult } from './scaffold-command';
import { CONFIG_SECTION, readScaffoldSettings, refreshStoreConfigured } from './settings';

/** The command's id (package.json `contributes.commands`) and title. */
export const CHOOSE_REFRESH_STORE = { id: 'nextauthScaffold.chooseRefreshStore', title: 'Choose Refresh Store…' } as const;

/** The QuickPick's entries, in the order shown. */
const STORES: ReadonlyArray<{ readonly store: RefreshStoreKind; readonly label: string; readonly detail: string }> = [
  { store: 'memory', label: 'In-process (one server)', detail: 'Rotations are coordinated inside one server process: enough for one `next start` or one container.' },
  { store: 'redis', label: 'Redis (several server instances)', detail: 'Rotations are shared through Redis (REDIS_URL): a store module next to the auth options and the redis package.' },
];

/**
 * Optional answers, so tests and other extensions can run it without the QuickPick: `store` skips it; the
 * rest is passed to "Scaffold Credentials Authentication" (see ScaffoldCommandArgs).
 */
interface ChooseRefreshStoreArgs {
  readonly store?: RefreshStoreKind;
  readonly appRoot?: string;
  readonly router?: 'app' | 'pages';
  readonly apply?: true;
  readonly preview?: true;
}

/**
 * "NextAuth: Choose Refresh Store…": a QuickPick of the stores with the folder's current one marked; the
 * choice is saved in the workspace-folder setting `nextauthScaffold.refreshStore`, then the scaffold command
 * runs with it (its usual confirmation or preview). Refused in an untrusted workspace, like every writing
 * command. Returns the scaffold command's result, or `cancelled` when nothing was picked.
 */
export async function runChooseRefreshStore(rawArgs: unknown): Promise<ScaffoldCommandResult> {
  const args = parseArgs(rawArgs);
  const title = `NextAuth: ${CHOOSE_REFRESH_STORE.title}`;
  if (!vscode.workspace.isTrusted) {
    const message = `NextAuth: "${CHOOSE_REFRESH_STORE.title}" writes files, so it only runs in a trusted workspace.`;
    void vscode.window.showErrorMessage(message);
    return { status: 'refused', files: [], notes: [], message };
  }
  const folder = await folderFor(args.appRoot);
  if (!folder) {
    const message =
      (vscode.workspace.workspaceFolders ?? []).length === 0 ? 'NextAuth: open the folder of a Next.js app first.'
      : args.appRoot ? `NextAuth: ${args.appRoot} is not in an open workspace folder; the refresh store is saved per folder.`
      : undefined; // the folder picker was dismissed
    if (message) void vscode.window.showErrorMessage(message);
    return { status: message ? 'refused' : 'cancelled', files: [], notes: [], message };
  }
  let store = args.store;
  if (!store) {
    const current = readScaffoldSettings(folder.uri).refreshStore;
    const configured = refreshStoreConfigured(folder.uri);
    const picked = await vscode.window.showQuickPick(
      STORES.map((entry) => ({
        label: entry.label,
        detail: entry.detail,
        description: entry.store === current ? (configured ? 'current' : 'current (default; an app keeps the store it uses)') : undefined,
        store: entry.store,
      })),
      { title, placeHolder: `Where the generated refresh logic coordinates token rotations in ${folder.name}` },
    );
    if (!picked) return { status: 'cancelled', files: [], notes: [] };
    store = picked.store;
  }
  await vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).update('refreshStore', store, vscode.ConfigurationTarget.WorkspaceFolder);
  const { appRoot, router, apply, preview } = args;
  return (await vscode.commands.executeCommand<ScaffoldCommandResult>(SCAFFOLD_COMMANDS.scaffold.id, { appRoot, router, apply, preview, refreshStore: store })) ?? { status: 'failed', files: [], notes: [] };
}

/** The workspace folder whose setting to save: the app's, the active editor's, the only one, or picked. */
async function folderFor(appRoot: string | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (appRoot) return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(appRoot)) ?? undefined;
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const containing = active && vscode.workspace.getWorkspaceFolder(active);
  return containing ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder’s refresh store?' }));
}

function parseArgs(raw: unknown): ChooseRefreshStoreArgs {
  if (typeof raw !== 'object' || raw === null) return {};
  const value = raw as Record<string, unknown>;
  return {
    store: value.store === 'memory' || value.store === 'redis' ? value.store : undefined,
    appRoot: typeof value.appRoot === 'string' ? value.appRoot : undefined,
    router: value.router === 'app' || value.router === 'pages' ? value.router : undefined,
    apply: value.apply === true ? true : undefined,
    preview: value.preview === true ? true : undefined,
  };
}
