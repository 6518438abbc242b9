import * as path from 'path';
import {
  DEFAULT_SETTINGS,
  detectProject,
  findNextApps,
  nextAuthAdvisory,
  noNextAppMessage,
  planScaffold,
  prepareScaffold,
  readPackageJson,
  resolveWriteTargets,
  ScaffoldError,
} from '../core';
import type { FileChange } from '../core/change-set';
import type { ProjectInfo, Router } from '../core/project-info';
import type { ScaffoldPlan } from '../core/scaffold/types';
import type { ScaffoldSettings } from '../core/settings';
import type { InitArgs } from './args';
import { unifiedDiff } from './diff';
import { applyChangesAtomically, hasInterruptedRun, recoverInterruptedRun } from './transaction';
import { displayPath, formatScaffoldError } from './format';
import type { CliIO } from './io';

/** Exit codes of `init`: done or nothing to do, refused (reason printed, nothing written), usage. */
export const EXIT_DONE = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/**
 * `nextauth-scaffold init`: detect the app, plan, show, confirm, then write as one transaction (see
 * applyChangesAtomically) — refusing (exit 1, nothing written) on anything doubtful: several apps, an
 * ambiguous router without a terminal, an unparseable or unreadable file, a path conflict, a write through
 * a symbolic link that leaves the app, no confirmation, another run holding the lock, or a file that
 * changed on disk after the plan was made.
 */
export async function runInit(args: InitArgs, io: CliIO): Promise<number> {
  const target = path.resolve(io.cwd, args.dir ?? '.');
  const show = (file: string) => displayPath(io.cwd, file);
  if (!io.fs.isDirectory(target)) {
    io.err(`error: ${show(target)} is not a folder.`);
    return EXIT_REFUSED;
  }

  const settings: ScaffoldSettings = {
    apiBaseUrlEnv: args.apiBaseUrlEnv ?? DEFAULT_SETTINGS.apiBaseUrlEnv,
    loginPath: args.loginPath ?? DEFAULT_SETTINGS.loginPath,
    refreshPath: args.refreshPath ?? DEFAULT_SETTINGS.refreshPath,
    usernameField: args.usernameField ?? DEFAULT_SETTINGS.usernameField,
    passwordField: args.passwordField ?? DEFAULT_SETTINGS.passwordField,
    exposeAccessToken: args.exposeAccessToken,
    refreshStore: args.refreshStore ?? DEFAULT_SETTINGS.refreshStore,
  };
  // Without --refresh-store, an app keeps the store its generated code uses (memory for a new app).
  const prepared = prepareScaffold({ kind: 'scaffold', settings, matcher: args.protect, typesForJavaScript: args.types, refreshStoreFromDefault: args.refreshStore === undefined });
  if (prepared.problems.length > 0) {
    for (const problem of prepared.problems) io.err(`error: ${problem.setting === 'matcher' ? '--protect: ' : ''}${problem.message}`);
    return EXIT_USAGE;
  }

  try {
    const appRoot = chooseApp(io, target);
    if (appRoot === undefined) return EXIT_REFUSED;
    if (args.dryRun && hasInterruptedRun(appRoot)) {
      io.err('warning: an earlier run was interrupted while writing; the next "init" rolls its changes back before planning. This dry run plans over the files as they are now.');
    } else if (!args.dryRun) {
      const recovered = recoverInterruptedRun(appRoot);
      if (recovered) io.err(`note: ${recovered}`);
    }
    const project = detectProject(io.fs, appRoot);
    const router = await chooseRouter(io, project, args.router);
    if (router === undefined) return EXIT_REFUSED;

    io.out(describeProject(io, project, router));
    const advisory = nextAuthAdvisory(project);
    if (advisory) io.err(`warning: ${advisory.message}`);

    const plan = planScaffold(io.fs, prepared.request(project, router));
    printNotes(io, plan);
    // Symbolic links that lead out of the app: refused before showing or writing anything (dry runs too).
    resolveWriteTargets(plan.root, plan.changes.map((c) => c.path));

    if (plan.changes.length === 0) {
      io.out('Nothing to change: NextAuth is already set up as requested.');
      return EXIT_DONE;
    }
    if (args.dryRun) {
      for (const change of plan.changes) io.out(unifiedDiff(show(change.path), change.before, change.content));
      io.out(summary(io, plan.changes, 'Would'));
      io.out('Dry run: nothing written.');
      return EXIT_DONE;
    }

    if (!args.yes) {
      io.out(summary(io, plan.changes, 'Will'));
      if (!io.interactive) {
        io.err('Not applied: no terminal to confirm on. Pass --yes to apply, or --dry-run to see the diff.');
        return EXIT_REFUSED;
      }
      const answer = (await io.ask('Apply? [y/N] ')).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') {
        io.out('Not applied: nothing written.');
        return EXIT_REFUSED;
      }
    }

    const outcome = applyChangesAtomically(plan.root, plan.changes);
    if (outcome.recovered) io.err(`note: ${outcome.recovered}`);
    for (const change of plan.changes) io.out(`${change.kind === 'create' ? 'created' : 'updated'} ${show(change.path)}`);
    if (plan.primaryFile) io.out(`Review ${show(plan.primaryFile)} first: it holds the auth options.`);
    for (const command of plan.install ?? []) io.out(`Install what was added to package.json: ${command}`);
    if (advisory?.kind === 'missing') io.out(`next-auth is not installed yet. Run: ${advisory.command}`);
    else if (advisory) io.out(`Upgrade next-auth: ${advisory.command}`);
    return EXIT_DONE;
  } catch (error) {
    if (error instanceof ScaffoldError) {
      io.err(formatScaffoldError(io.cwd, error));
      return EXIT_REFUSED;
    }
    throw error;
  }
}

/** The app to scaffold: `target` itself when it is a Next.js app, else the only one below it. */
function chooseApp(io: CliIO, target: string): string | undefined {
  // A package.json here that does not parse is the user's real problem: say where, rather than "no app".
  readPackageJson(io.fs, target);
  const apps = findNextApps(io.fs, [target]);
  if (apps.includes(target)) return target;
  if (apps.length === 1) {
    io.out(`Using the Next.js app in ${displayPath(io.cwd, apps[0])}.`);
    return apps[0];
  }
  if (apps.length === 0) {
    io.err(`error: ${noNextAppMessage([target])}`);
    return undefined;
  }
  io.err(`error: ${displayPath(io.cwd, target)} holds ${apps.length} Next.js apps; pass the one to scaffold:`);
  for (const app of apps) io.err(`  nextauth-scaffold init ${displayPath(io.cwd, app)}`);
  return undefined;
}

async function chooseRouter(io: CliIO, project: ProjectInfo, requested: Router | undefined): Promise<Router | undefined> {
  if (requested) return requested;
  if (project.routers.length === 1) return project.routers[0];
  if (project.routers.length === 0) {
    io.out('No app/ or pages/ routes found; generating for the App Router (pass --router pages for the Pages Router).');
    return 'app';
  }
  const both = `${project.name} uses both the App Router (app/) and the Pages Router (pages/)`;
  if (!io.interactive) {
    io.err(`error: ${both}; pass --router app or --router pages to choose where the auth files go.`);
    return undefined;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = (await io.ask(`${both}. Generate for which? [app/pages] `)).trim().toLowerCase();
    if (answer === 'app' || answer === 'pages') return answer;
  }
  io.err('error: no router chosen; pass --router app or --router pages.');
  return undefined;
}

function describeProject(io: CliIO, project: ProjectInfo, router: Router): string {
  const nextAuth = project.nextAuth
    ? `next-auth ${project.nextAuth.version}${project.nextAuth.installed ? '' : ' (declared, not installed)'}`
    : 'next-auth not installed';
  const parts = [
    project.language === 'ts' ? 'TypeScript' : 'JavaScript',
    router === 'app' ? 'App Router' : 'Pages Router',
    project.nextVersion ? `next ${project.nextVersion}` : undefined,
    nextAuth,
    project.packageManager,
  ].filter((p): p is string => p !== undefined);
  const config = project.authConfig ? `; existing auth config: ${displayPath(io.cwd, project.authConfig.file)}` : '';
  return `${project.name} (${displayPath(io.cwd, project.root)}): ${parts.join(', ')}${config}`;
}

function printNotes(io: CliIO, plan: ScaffoldPlan): void {
  for (const note of plan.notes) {
    const where = note.file ? `${displayPath(io.cwd, note.file)}${note.line ? `:${note.line}` : ''}: ` : '';
    const line = `${note.level === 'warning' ? 'warning' : 'note'}: ${where}${note.message}`;
    if (note.level === 'warning') io.err(line);
    else io.out(line);
  }
}

function summary(io: CliIO, changes: readonly FileChange[], verb: 'Will' | 'Would'): string {
  const created = changes.filter((c) => c.kind === 'create').map((c) => `  + ${displayPath(io.cwd, c.path)}`);
  const updated = changes.filter((c) => c.kind === 'update').map((c) => `  ~ ${displayPath(io.cwd, c.path)}`);
  const lines: string[] = [];
  if (created.length > 0) lines.push(`${verb} create ${created.length} file${created.length === 1 ? '' : 's'}:`, ...created);
  if (updated.length > 0) lines.push(`${verb} update ${updated.length} file${updated.length === 1 ? '' : 's'}:`, ...updated);
  return lines.join('\n');
}
