import * as path from 'path';
import * as vscode from 'vscode';
import type { ScaffoldError } from '../core/errors';
import type { ReadonlyFileSystem } from '../core/file-system';
import type { ProjectInfo, Router } from '../core/project-info';
import type { RefreshStoreKind } from '../core/settings';
import type { ScaffoldCommandKind } from '../core/scaffold/prepare-scaffold';
import type { PlanNote, ScaffoldPlan } from '../core/scaffold/types';
import { applyChanges } from './apply-changes';
import { editorFileSystem } from './editor-file-system';
import { loadEngine, type Engine } from './engine';
import { readScaffoldSettings, refreshStoreConfigured } from './settings';

/** Which of the writing commands runs; each maps to the pieces it plans (see prepareScaffold). */
export type { ScaffoldCommandKind };

/**
 * Optional answers to the command's questions, so tests and other extensions can run it without
 * pickers: `executeCommand('nextauthScaffold.scaffoldCredentials', { appRoot, router: 'app', apply: true })`.
 */
export interface ScaffoldCommandArgs {
  /** Absolute root of the Next.js app (skips the app picker). */
  readonly appRoot?: string;
  /** Skips the router picker when the app has both routers. */
  readonly router?: Router;
  /** Apply without the confirmation dialog. */
  readonly apply?: true;
  /** Skip the confirmation dialog and open the refactor preview (as its Preview button does). */
  readonly preview?: true;
  /** Route protection matchers: skips the input box; on "Scaffold" it also adds route protection. */
  readonly matcher?: readonly string[];
  /** The auth options file to merge into (default: the active editor's when it holds NextAuth options). */
  readonly authConfigFile?: string;
  /** Overrides the `nextauthScaffold.refreshStore` setting for this run. */
  readonly refreshStore?: RefreshStoreKind;
}

/** What a command did; returned to `executeCommand` callers (the integration tests read it). */
export interface ScaffoldCommandResult {
  readonly status: 'applied' | 'nothing-to-change' | 'cancelled' | 'refused' | 'not-applied' | 'failed';
  /** Absolute paths written. */
  readonly files: readonly string[];
  /** Of `files`, the updated ones VS Code could not save (applied, left unsaved). */
  readonly unsaved?: readonly string[];
  readonly notes: readonly PlanNote[];
  /** The message shown, for refusals and failures. */
  readonly message?: string;
}

export interface ScaffoldCommandDeps {
  readonly log: vscode.LogOutputChannel;
  /** Remembers, per workspace, which install/upgrade advice the user has already been shown. */
  readonly workspaceState: vscode.Memento;
}

/** Each command's id (package.json `contributes.commands`) and title, by kind. */
export const SCAFFOLD_COMMANDS: Readonly<Record<ScaffoldCommandKind, { readonly id: string; readonly title: string }>> = {
  scaffold: { id: 'nextauthScaffold.scaffoldCredentials', title: 'Scaffold Credentials Authentication' },
  callbacks: { id: 'nextauthScaffold.addCallbacks', title: 'Add JWT and Session Callbacks' },
  types: { id: 'nextauthScaffold.generateTypes', title: 'Generate Type Augmentation' },
  protect: { id: 'nextauthScaffold.addRouteProtection', title: 'Add Route Protection' },
};

export const DEFAULT_MATCHER = '/dashboard/:path*';

/** Text that holds NextAuth options (or a NextAuth call): used to pick the active editor as the target. */
const AUTH_OPTIONS_HINT = /\bNextAuth\s*\(|\bNextAuthOptions\b|\bNextAuthConfig\b|\bAuthOptions\b|\bcallbacks\s*:|\bproviders\s*:/;

/** A result that wrote nothing (cancelled, refused, not applied), with what to tell the caller. */
const endedWithoutWriting = (status: ScaffoldCommandResult['status'], message?: string, notes: readonly PlanNote[] = []): ScaffoldCommandResult => ({
  status,
  files: [],
  notes,
  message,
});

/** What the steps before the confirmation found: the plan and what it was made for. */
interface Prepared {
  readonly appRoot: string;
  readonly project: ProjectInfo;
  readonly router: Router;
  readonly matcher?: readonly string[];
  readonly plan: ScaffoldPlan;
}

/**
 * Runs one writing command end to end: pick the app, detect it, plan through the editor's view of the
 * files, show the plan, apply it as one WorkspaceEdit, open the main file and report. Until the plan is
 * ready a cancellable progress notification says what is happening ("Reading the project…", then
 * "Planning…"). Never writes when the workspace is untrusted, the settings are invalid, the engine
 * refuses, the user cancels, or a file changed meanwhile.
 */
export async function runScaffoldCommand(kind: ScaffoldCommandKind, rawArgs: unknown, deps: ScaffoldCommandDeps): Promise<ScaffoldCommandResult> {
  const args = parseArgs(rawArgs);
  const { id, title } = SCAFFOLD_COMMANDS[kind];
  if (!vscode.workspace.isTrusted) {
    const message = `NextAuth: "${title}" writes files, so it only runs in a trusted workspace.`;
    void vscode.window.showErrorMessage(message);
    return endedWithoutWriting('refused', message);
  }
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (roots.length === 0 && !args.appRoot) {
    const message = 'NextAuth: open the folder of a Next.js app first.';
    void vscode.window.showErrorMessage(message, 'Open Folder…').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.files.openFolder');
    });
    return endedWithoutWriting('refused', message);
  }

  running++;
  try {
    const prepared = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `NextAuth: ${title}`, cancellable: true },
      (progress, token) => prepare(kind, args, roots, deps, progress, token),
    );
    if (!('plan' in prepared)) return prepared;
    const { appRoot, project, router, matcher, plan } = prepared;

    if (plan.changes.length === 0) {
      showNotes(plan.notes, appRoot);
      void vscode.window.showInformationMessage(`NextAuth: nothing to change in ${project.name || path.basename(appRoot)}; everything "${title}" adds is already there.`);
      return { status: 'nothing-to-change', files: [], notes: plan.notes };
    }

    const creates = plan.changes.filter((c) => c.kind === 'create').length;
    const updates = plan.changes.length - creates;
    let preview = args.preview === true;
    if (!args.apply && !preview) {
      const choice = await vscode.window.showInformationMessage(
        `${title}: create ${plural(creates, 'file')}, update ${plural(updates, 'file')}?`,
        { modal: true, detail: plan.changes.map((c) => `${c.kind === 'create' ? '+' : '~'} ${path.relative(appRoot, c.path)}`).join('\n') },
        'Apply',
        'Preview',
      );
      if (!choice) return endedWithoutWriting('cancelled', undefined, plan.notes);
      preview = choice === 'Preview';
    }

    const outcome = await applyChanges(plan.changes, { preview, relativeTo: appRoot });
    // Run again with the same answers, asking for confirmation again.
    const again = { appRoot, router, ...(matcher ? { matcher } : {}), ...(args.authConfigFile ? { authConfigFile: args.authConfigFile } : {}) };
    if (outcome.kind === 'stale') {
      const names = outcome.files.map((f) => path.relative(appRoot, f)).join(', ');
      const message = `NextAuth: nothing was applied, because ${names} changed after the plan was made. Run "${title}" again to plan from the current files.`;
      deps.log.warn(message);
      offerRunAgain(vscode.window.showErrorMessage(message, RUN_AGAIN), id, again);
      return endedWithoutWriting('refused', message, plan.notes);
    }
    if (outcome.kind === 'not-applied') {
      const message = preview
        ? `NextAuth: nothing was applied: the refactor preview was discarded, or every change in it was unticked. Run "${title}" again to apply it.`
        : `NextAuth: nothing was applied: VS Code did not accept the edit. Run "${title}" again.`;
      deps.log.info(message);
      offerRunAgain(vscode.window.showInformationMessage(message, RUN_AGAIN), id, again);
      return endedWithoutWriting('not-applied', message, plan.notes);
    }

    deps.log.info(`Applied ${outcome.files.length} change(s).`);
    if (outcome.unsaved.length > 0) {
      const names = outcome.unsaved.map((f) => path.relative(appRoot, f)).join(', ');
      deps.log.warn(`Applied but not saved: ${names}`);
      void vscode.window.showWarningMessage(`NextAuth: the changes to ${names} are applied but could not be saved; save them yourself.`);
    }
    const skipped = plan.changes.filter((c) => !outcome.files.includes(c.path)).map((c) => path.relative(appRoot, c.path));
    if (skipped.length > 0) deps.log.info(`Left out in the preview: ${skipped.join(', ')}`);
    // The main file, unless it was a change left out in the preview.
    if (plan.primaryFile && (outcome.files.includes(plan.primaryFile) || !plan.changes.some((c) => c.path === plan.primaryFile))) {
      await vscode.window.showTextDocument(vscode.Uri.file(plan.primaryFile), { preview: false });
    }
    showNotes(plan.notes, appRoot);
    const written = outcome.files.map((f) => path.relative(appRoot, f)).join(', ');
    const summary = skipped.length > 0
      ? `NextAuth: ${title}: applied ${written}; left out ${skipped.join(', ')} (unticked in the preview).`
      : `NextAuth: ${title} done: ${written}.`;
    const buttons = kind === 'scaffold' && !matcher ? ['Show Log', 'Add Route Protection'] : ['Show Log'];
    void vscode.window.showInformationMessage(summary, ...buttons).then((choice) => {
      if (choice === 'Show Log') deps.log.show(true);
      if (choice === 'Add Route Protection') void vscode.commands.executeCommand(SCAFFOLD_COMMANDS.protect.id, { appRoot, router });
    });
    return { status: 'applied', files: outcome.files, unsaved: outcome.unsaved, notes: plan.notes };
  } catch (error) {
    return reportError(error, deps, title, roots);
  } finally {
    running--;
    void setBusy();
  }
}

const RUN_AGAIN = 'Run Again';

function offerRunAgain(choice: Thenable<string | undefined>, commandId: string, args: object): void {
  void choice.then((picked) => {
    if (picked === RUN_AGAIN) void vscode.commands.executeCommand(commandId, args);
  });
}

/**
 * Everything before the confirmation, inside the progress notification: load the engine, find and detect
 * the app, ask what is missing, plan. Returns a result instead of a plan when the user cancelled or the
 * command cannot go on.
 */
async function prepare(
  kind: ScaffoldCommandKind,
  args: ScaffoldCommandArgs,
  roots: readonly string[],
  deps: ScaffoldCommandDeps,
  progress: vscode.Progress<{ message?: string }>,
  token: vscode.CancellationToken,
): Promise<Prepared | ScaffoldCommandResult> {
  const { title } = SCAFFOLD_COMMANDS[kind];
  progress.report({ message: 'Reading the project…' });
  if (await cancelledAfterRoundTrip(token)) return endedWithoutWriting('cancelled');
  // The first command loads TypeScript and ts-morph here: seconds on a busy machine, with the notification up.
  const engine = await loadEngine();
  if (await cancelledAfterRoundTrip(token)) return endedWithoutWriting('cancelled');
  const fs = editorFileSystem(engine);
  const appRoot = args.appRoot ?? (await pickApp(engine, fs, roots, token));
  if (appRoot === undefined || token.isCancellationRequested) return endedWithoutWriting('cancelled');
  if (appRoot === null) return refuseNoNextApp(engine.noNextAppMessage(roots), title, deps);
  const project = engine.detectProject(fs, appRoot);
  offerNextAuthInstall(engine, project, deps);

  const router = args.router ?? (await pickRouter(project, token));
  if (!router || token.isCancellationRequested) return endedWithoutWriting('cancelled');

  const configured = readScaffoldSettings(vscode.Uri.file(appRoot));
  const settings = args.refreshStore ? { ...configured, refreshStore: args.refreshStore } : configured;
  const settingsProblems = engine.prepareScaffold({ kind: 'scaffold', settings }).problems;
  if (settingsProblems.length > 0) {
    const message = `NextAuth: fix the nextauthScaffold settings first: ${settingsProblems.map((p) => p.message).join(' ')}`;
    void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'nextauthScaffold');
    });
    return endedWithoutWriting('refused', message);
  }

  let matcher = args.matcher;
  if (kind === 'protect' && !matcher) {
    matcher = await askMatcher(token);
    if (!matcher || token.isCancellationRequested) return endedWithoutWriting('cancelled');
  }

  const answers = engine.prepareScaffold({
    kind,
    settings,
    matcher,
    authConfigFile: args.authConfigFile ?? (kind === 'callbacks' || kind === 'types' ? activeAuthOptionsFile(appRoot) : undefined),
    // Asking for the augmentation explicitly means wanting it even in a JavaScript project.
    typesForJavaScript: kind === 'types',
    // Neither an argument nor the setting chose a store: the app keeps the one its generated code uses.
    refreshStoreFromDefault: !args.refreshStore && !refreshStoreConfigured(vscode.Uri.file(appRoot)),
  });
  if (answers.problems.length > 0) {
    // The settings passed above: what is left are the route-protection paths.
    const message = `NextAuth: ${answers.problems.map((p) => p.message).join(' ')}`;
    void vscode.window.showErrorMessage(message);
    return endedWithoutWriting('refused', message);
  }
  const request = answers.request(project, router);
  progress.report({ message: 'Planning…' });
  if (await cancelledAfterRoundTrip(token)) return endedWithoutWriting('cancelled');
  const plan = engine.planScaffold(fs, request);
  logPlan(deps.log, title, appRoot, plan);
  // Nothing is written where a symbolic link leads out of the workspace folder (refused, the link named).
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(appRoot))?.uri.fsPath ?? appRoot;
  engine.resolveWriteTargets(folder, plan.changes.map((c) => c.path));
  if (await cancelledAfterRoundTrip(token)) return endedWithoutWriting('cancelled', undefined, plan.notes);
  return { appRoot, project, router, matcher, plan };
}

/**
 * Lets the workbench catch up, then says whether the user cancelled. The extension host sends its messages
 * on a timer, and loading or running the engine blocks this thread: without a round trip first, the
 * progress notification would appear only after the engine loaded, and a Cancel clicked while it worked
 * would go unseen until the next prompt.
 */
async function cancelledAfterRoundTrip(token: vscode.CancellationToken): Promise<boolean> {
  await setBusy();
  return token.isCancellationRequested;
}

/** How many of our commands are running: the `nextauthScaffold.busy` context key is `running > 0`. */
let running = 0;
function setBusy(): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', 'nextauthScaffold.busy', running > 0);
}

/**
 * No Next.js app in the workspace: the advice first and short enough to read in the notification (which
 * has buttons, so it shows in full); where it looked and what counts as an app go to the log.
 */
function refuseNoNextApp(details: string, title: string, deps: ScaffoldCommandDeps): ScaffoldCommandResult {
  deps.log.warn(details);
  const message = `NextAuth: open the folder of your Next.js app (the one whose package.json lists "next"), then run "${title}" again. None of the open folders holds a Next.js app; the log says where it looked.`;
  void vscode.window.showErrorMessage(message, 'Open Folder…', 'Show Log').then((choice) => {
    if (choice === 'Open Folder…') void vscode.commands.executeCommand('workbench.action.files.openFolder');
    if (choice === 'Show Log') deps.log.show(true);
  });
  return endedWithoutWriting('refused', message);
}

function parseArgs(raw: unknown): ScaffoldCommandArgs {
  // Commands also receive a Uri when run from an explorer context menu; only a plain object is args.
  if (!raw || typeof raw !== 'object' || raw instanceof vscode.Uri) return {};
  const value = raw as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const matcher = Array.isArray(value.matcher) ? value.matcher.filter((m): m is string => typeof m === 'string') : str(value.matcher) ? [value.matcher as string] : undefined;
  return {
    appRoot: str(value.appRoot) && path.resolve(value.appRoot as string),
    router: value.router === 'app' || value.router === 'pages' ? value.router : undefined,
    apply: value.apply === true ? true : undefined,
    preview: value.preview === true ? true : undefined,
    matcher: matcher && matcher.length > 0 ? matcher : undefined,
    authConfigFile: str(value.authConfigFile) && path.resolve(value.authConfigFile as string),
    refreshStore: value.refreshStore === 'memory' || value.refreshStore === 'redis' ? value.refreshStore : undefined,
  };
}

/**
 * The app to work on: the only one, the one holding the active editor's file, or the user's pick.
 * `undefined` = the user cancelled; `null` = there is no Next.js app at all.
 */
async function pickApp(engine: Engine, fs: ReadonlyFileSystem, roots: readonly string[], token: vscode.CancellationToken): Promise<string | null | undefined> {
  const apps = engine.findNextApps(fs, roots);
  if (apps.length === 0) return null;
  if (apps.length === 1) return apps[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') {
    const containing = apps.filter((app) => isInside(active.fsPath, app)).sort((a, b) => b.length - a.length)[0];
    if (containing) return containing;
  }
  const picked = await vscode.window.showQuickPick(
    apps.map((app) => ({ label: path.basename(app), description: vscode.workspace.asRelativePath(app, true), app })),
    { title: 'NextAuth: which Next.js app?', placeHolder: 'Several Next.js apps are open; pick the one to change' },
    token,
  );
  return picked?.app;
}

async function pickRouter(project: ProjectInfo, token: vscode.CancellationToken): Promise<Router | undefined> {
  if (project.routers.length === 0) return 'app';
  if (project.routers.length === 1) return project.routers[0];
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'App Router', description: 'app/', router: 'app' as const },
      { label: 'Pages Router', description: 'pages/', router: 'pages' as const },
    ],
    { title: 'NextAuth: which router?', placeHolder: `${project.name} has both app/ and pages/; generate for` },
    token,
  );
  return picked?.router;
}

async function askMatcher(token: vscode.CancellationToken): Promise<string[] | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'NextAuth: Add Route Protection',
    prompt: 'Paths that require sign-in (Next.js matcher syntax; separate several with commas)',
    value: DEFAULT_MATCHER,
    validateInput: (text) => {
      const matchers = splitMatchers(text);
      if (matchers.length === 0) return 'Enter at least one path, e.g. /dashboard/:path*';
      const bad = matchers.find((m) => !m.startsWith('/'));
      return bad ? `"${bad}" must start with "/"` : undefined;
    },
  }, token);
  return value === undefined ? undefined : splitMatchers(value);
}

/** `"/a/:path*, /b"` -> `['/a/:path*', '/b']`. */
export function splitMatchers(text: string): string[] {
  return text.split(',').map((m) => m.trim()).filter((m) => m !== '');
}

function activeAuthOptionsFile(appRoot: string): string | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file' || !isInside(document.uri.fsPath, appRoot)) return undefined;
  if (!/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(document.uri.fsPath)) return undefined;
  return AUTH_OPTIONS_HINT.test(document.getText()) ? document.uri.fsPath : undefined;
}

function offerNextAuthInstall(engine: Engine, project: ProjectInfo, deps: ScaffoldCommandDeps): void {
  const advisory = engine.nextAuthAdvisory(project);
  if (!advisory) return;
  deps.log.warn(`${advisory.message} (${advisory.command})`);
  // Shown once per app and advice in this workspace; after that the log keeps it (every run logs it).
  const shownKey = `nextauthScaffold.advisoryShown:${project.root}:${advisory.kind}:${advisory.message}`;
  if (deps.workspaceState.get<boolean>(shownKey)) return;
  void deps.workspaceState.update(shownKey, true);
  const button = advisory.kind === 'missing' ? 'Install' : 'Upgrade';
  void vscode.window.showWarningMessage(`NextAuth: ${advisory.message}`, button).then((choice) => {
    if (choice !== button) return;
    const terminal = vscode.window.createTerminal({ name: 'NextAuth Scaffold', cwd: project.root });
    terminal.show();
    terminal.sendText(advisory.command);
  });
}

function logPlan(log: vscode.LogOutputChannel, title: string, appRoot: string, plan: ScaffoldPlan): void {
  log.info(`${title} in ${appRoot}`);
  for (const change of plan.changes) log.info(`  ${change.kind === 'create' ? 'create' : 'update'} ${path.relative(appRoot, change.path)}`);
  if (plan.changes.length === 0) log.info('  nothing to change');
  for (const note of plan.notes) {
    const line = `  ${note.file ? `${path.relative(appRoot, note.file)}${note.line ? `:${note.line}` : ''}: ` : ''}${note.message}`;
    if (note.level === 'warning') log.warn(line);
    else log.info(line);
  }
}

function showNotes(notes: readonly PlanNote[], appRoot: string): void {
  for (const note of notes) {
    if (note.level !== 'warning') continue;
    const where = note.file ? `${path.relative(appRoot, note.file)}${note.line ? `:${note.line}` : ''}: ` : '';
    const actions = note.file ? ['Open File'] : [];
    void vscode.window.showWarningMessage(`NextAuth: ${where}${note.message}`, ...actions).then((choice) => {
      if (choice && note.file) void openAt(note.file, note.line);
    });
  }
}

async function openAt(file: string, line?: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position) });
}

/** A ScaffoldError from the engine (checked by name: the engine bundle has its own copy of the class). */
function isScaffoldError(error: unknown): error is ScaffoldError {
  return error instanceof Error && error.name === 'ScaffoldError';
}

function reportError(error: unknown, deps: ScaffoldCommandDeps, title: string, roots: readonly string[]): ScaffoldCommandResult {
  if (isScaffoldError(error)) {
    const where = error.file ? `${vscode.workspace.asRelativePath(error.file, false)}${error.line ? `:${error.line}` : ''}: ` : '';
    const message = `${where}${withRelativePaths(error.message, roots)}`;
    deps.log.error(`${title}: ${where}${error.message}`);
    const file = error.file;
    // A notification with buttons shows its whole message; without, it is cut to one line.
    void vscode.window.showErrorMessage(`NextAuth: ${message} Nothing was changed.`, ...(file ? ['Open File'] : ['Show Log'])).then((choice) => {
      if (choice === 'Open File' && file) void openAt(file, error.line);
      if (choice === 'Show Log') deps.log.show(true);
    });
    return endedWithoutWriting('refused', message);
  }
  const message = error instanceof Error ? error.message : String(error);
  deps.log.error(`${title} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
  void vscode.window.showErrorMessage(`NextAuth: "${title}" failed: ${withRelativePaths(message, roots)}`, 'Show Log').then((choice) => {
    if (choice) deps.log.show(true);
  });
  return endedWithoutWriting('failed', message);
}

/**
 * `text` with the workspace folders' absolute paths made relative (named by folder when there are
 * several), so a message leads with what matters instead of a long path. The log keeps the full paths.
 */
export function withRelativePaths(text: string, roots: readonly string[]): string {
  let result = text;
  for (const root of [...roots].sort((a, b) => b.length - a.length)) {
    const prefix = roots.length > 1 ? `${path.basename(root)}${path.sep}` : '';
    result = result.split(root + path.sep).join(prefix).split(root).join(path.basename(root));
  }
  return result;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
