import * as path from 'path';
import * as vscode from 'vscode';
import type { ScaffoldError } from '../core/errors';
import type { ReadonlyFileSystem } from '../core/file-system';
import type { ProjectInfo, Router } from '../core/project-info';
import type { ScaffoldCommandKind } from '../core/scaffold/prepare-scaffold';
import type { PlanNote, ScaffoldPlan } from '../core/scaffold/types';
import { applyChanges } from './apply-changes';
import { editorFileSystem } from './editor-file-system';
import { loadEngine, type Engine } from './engine';
import { readScaffoldSettings } from './settings';

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
}

const TITLES: Record<ScaffoldCommandKind, string> = {
  scaffold: 'Scaffold Credentials Authentication',
  callbacks: 'Add JWT and Session Callbacks',
  types: 'Generate Type Augmentation',
  protect: 'Add Route Protection',
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

/**
 * Runs one writing command end to end: pick the app, detect it, plan through the editor's view of the
 * files, show the plan, apply it as one WorkspaceEdit, open the main file and report. Never writes when
 * the workspace is untrusted, the settings are invalid, the engine refuses, or a file changed meanwhile.
 */
export async function runScaffoldCommand(kind: ScaffoldCommandKind, rawArgs: unknown, deps: ScaffoldCommandDeps): Promise<ScaffoldCommandResult> {
  const args = parseArgs(rawArgs);
  const title = TITLES[kind];
  if (!vscode.workspace.isTrusted) {
    const message = `NextAuth: "${title}" writes files, so it only runs in a trusted workspace.`;
    void vscode.window.showErrorMessage(message);
    return endedWithoutWriting('refused', message);
  }
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (roots.length === 0 && !args.appRoot) {
    const message = 'NextAuth: open the folder of a Next.js app first.';
    void vscode.window.showErrorMessage(message);
    return endedWithoutWriting('refused', message);
  }

  try {
    // The first command pays for loading TypeScript (about a second); say so in the status bar.
    const engine = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'NextAuth: loading' }, () => loadEngine());
    const fs = editorFileSystem(engine);
    const appRoot = args.appRoot ?? (await pickApp(engine, fs, roots));
    if (appRoot === undefined) return endedWithoutWriting('cancelled');
    if (appRoot === null) {
      const message = engine.noNextAppMessage(roots);
      void vscode.window.showErrorMessage(message);
      return endedWithoutWriting('refused', message);
    }
    const project = engine.detectProject(fs, appRoot);
    offerNextAuthInstall(engine, project, deps);

    const router = args.router ?? (await pickRouter(project));
    if (!router) return endedWithoutWriting('cancelled');

    const settings = readScaffoldSettings(vscode.Uri.file(appRoot));
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
      matcher = await askMatcher();
      if (!matcher) return endedWithoutWriting('cancelled');
    }

    const prepared = engine.prepareScaffold({
      kind,
      settings,
      matcher,
      authConfigFile: args.authConfigFile ?? (kind === 'callbacks' || kind === 'types' ? activeAuthOptionsFile(appRoot) : undefined),
      // Asking for the augmentation explicitly means wanting it even in a JavaScript project.
      typesForJavaScript: kind === 'types',
    });
    if (prepared.problems.length > 0) {
      const message = `NextAuth: ${prepared.problems.map((p) => p.message).join(' ')}`;
      void vscode.window.showErrorMessage(message);
      return endedWithoutWriting('refused', message);
    }
    const request = prepared.request(project, router);
    const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `NextAuth: planning "${title}"` }, async () =>
      engine.planScaffold(fs, request),
    );
    logPlan(deps.log, title, appRoot, plan);

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
    if (outcome.kind === 'stale') {
      const message = `NextAuth: nothing was applied because ${outcome.files.map((f) => path.relative(appRoot, f)).join(', ')} changed after the plan was made. Run "${title}" again.`;
      deps.log.warn(message);
      void vscode.window.showErrorMessage(message);
      return endedWithoutWriting('refused', message, plan.notes);
    }
    if (outcome.kind === 'not-applied') {
      deps.log.info('Nothing applied (preview discarded or edit rejected).');
      return endedWithoutWriting('not-applied', undefined, plan.notes);
    }

    deps.log.info(`Applied ${outcome.files.length} change(s).`);
    if (outcome.unsaved.length > 0) {
      const names = outcome.unsaved.map((f) => path.relative(appRoot, f)).join(', ');
      deps.log.warn(`Applied but not saved: ${names}`);
      void vscode.window.showWarningMessage(`NextAuth: the changes to ${names} are applied but could not be saved; save them yourself.`);
    }
    if (plan.primaryFile) {
      await vscode.window.showTextDocument(vscode.Uri.file(plan.primaryFile), { preview: false });
    }
    showNotes(plan.notes, appRoot);
    const summary = `NextAuth: ${title} done: ${outcome.files.map((f) => path.relative(appRoot, f)).join(', ')}.`;
    const buttons = kind === 'scaffold' && !matcher ? ['Show Log', 'Add Route Protection'] : ['Show Log'];
    void vscode.window.showInformationMessage(summary, ...buttons).then((choice) => {
      if (choice === 'Show Log') deps.log.show(true);
      if (choice === 'Add Route Protection') void vscode.commands.executeCommand('nextauthScaffold.addRouteProtection', { appRoot, router });
    });
    return { status: 'applied', files: outcome.files, unsaved: outcome.unsaved, notes: plan.notes };
  } catch (error) {
    return reportError(error, deps, title);
  }
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
  };
}

/**
 * The app to work on: the only one, the one holding the active editor's file, or the user's pick.
 * `undefined` = the user cancelled; `null` = there is no Next.js app at all.
 */
async function pickApp(engine: Engine, fs: ReadonlyFileSystem, roots: readonly string[]): Promise<string | null | undefined> {
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
  );
  return picked?.app;
}

async function pickRouter(project: ProjectInfo): Promise<Router | undefined> {
  if (project.routers.length === 0) return 'app';
  if (project.routers.length === 1) return project.routers[0];
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'App Router', description: 'app/', router: 'app' as const },
      { label: 'Pages Router', description: 'pages/', router: 'pages' as const },
    ],
    { title: 'NextAuth: which router?', placeHolder: `${project.name} has both app/ and pages/; generate for` },
  );
  return picked?.router;
}

async function askMatcher(): Promise<string[] | undefined> {
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
  });
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

function reportError(error: unknown, deps: ScaffoldCommandDeps, title: string): ScaffoldCommandResult {
  if (isScaffoldError(error)) {
    const where = error.file ? `${vscode.workspace.asRelativePath(error.file, false)}${error.line ? `:${error.line}` : ''}: ` : '';
    const message = `${where}${error.message}`;
    deps.log.error(`${title}: ${message}`);
    const file = error.file;
    void vscode.window.showErrorMessage(`NextAuth: ${message} Nothing was changed.`, ...(file ? ['Open File'] : [])).then((choice) => {
      if (choice && file) void openAt(file, error.line);
    });
    return endedWithoutWriting('refused', message);
  }
  const message = error instanceof Error ? error.message : String(error);
  deps.log.error(`${title} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
  void vscode.window.showErrorMessage(`NextAuth: "${title}" failed: ${message}`, 'Show Log').then((choice) => {
    if (choice) deps.log.show(true);
  });
  return endedWithoutWriting('failed', message);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
