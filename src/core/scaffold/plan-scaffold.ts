import * as path from 'path';
import { supportCheck } from '../detect/support';
import { ScaffoldError } from '../errors';
import type { ReadonlyFileSystem } from '../file-system';
import { matcherProblems, validateSettings } from '../settings';
import { generateAuthConfig } from './generators/auth-config';
import { generateEnv } from './generators/env';
import { generateLoginPage } from './generators/login-page';
import { generateMiddleware } from './generators/middleware';
import { generateRefreshStore } from './generators/refresh-store';
import { generateRoute } from './generators/route';
import { generateSessionProvider } from './generators/session-provider';
import { generateTypes } from './generators/types';
import { PlanFiles, projectStyle, type PlanContext } from './plan-context';
import { projectLayout } from './project-layout';
import type { ScaffoldPiece, ScaffoldPlan, ScaffoldRequest } from './types';

/**
 * The piece generators, in the order they run: each runs when the request asks for one of its pieces.
 * The auth config comes first: the route, the login page, route protection and the types need to know
 * where the options live (and it creates them when there are none).
 */
const GENERATORS: ReadonlyArray<{ readonly pieces: readonly ScaffoldPiece[]; readonly run: (context: PlanContext) => void }> = [
  { pieces: ['provider', 'callbacks', 'types', 'login', 'route', 'middleware'], run: generateAuthConfig },
  { pieces: ['provider', 'callbacks'], run: generateRefreshStore },
  { pieces: ['route'], run: generateRoute },
  { pieces: ['env'], run: generateEnv },
  { pieces: ['login'], run: generateLoginPage },
  { pieces: ['session-provider'], run: generateSessionProvider },
  { pieces: ['middleware'], run: generateMiddleware },
  { pieces: ['types'], run: generateTypes },
];

/**
 * Plans the requested pieces over `fs` without writing anything: new files from templates, existing
 * files merged through get-or-add helpers, each into the file where the auth-config model says the option
 * lives. Running the returned plan and planning again yields `changes: []`. Throws ScaffoldError (nothing
 * planned) for invalid settings, a missing route protection matcher, an auth config that does not parse or
 * holds no options.
 */
export function planScaffold(fs: ReadonlyFileSystem, request: ScaffoldRequest): ScaffoldPlan {
  const problems = validateRequest(request);
  if (problems.length > 0) throw new ScaffoldError(problems.join(' '));
  const support = supportCheck(request.project);
  if (support.refusal) throw new ScaffoldError(support.refusal, path.join(request.project.root, 'package.json'));
  const files = new PlanFiles(fs, request.project);
  const layout = projectLayout(files, request.project);
  const context: PlanContext = {
    files,
    request,
    layout,
    major: request.project.nextAuth?.major ?? 4,
    style: projectStyle(files, layout),
    notes: support.warnings.map((message) => ({ level: 'warning' as const, message })),
    install: [],
  };
  for (const generator of GENERATORS) {
    if (generator.pieces.some((piece) => request.pieces.includes(piece))) generator.run(context);
  }
  const changes = files.tree.listChanges();
  const root = request.project.root;
  const leavesApp = changes.some((c) => path.relative(root, c.path).startsWith('..'));
  return { changes, notes: context.notes, ...(context.install.length > 0 ? { install: context.install } : {}), primaryFile: context.auth?.optionsFile, root: (leavesApp && files.sources.resolver.workspaceOf(root)?.root) || root };
}

/**
 * What is wrong with a request before anything is planned: invalid settings, route protection without a
 * matcher or with one that is not a path. Empty when it can be planned.
 */
export function validateRequest(request: Pick<ScaffoldRequest, 'settings' | 'pieces' | 'routeProtection'>): string[] {
  const problems = validateSettings(request.settings);
  if (request.pieces.includes('middleware')) {
    const matcher = request.routeProtection?.matcher ?? [];
    if (matcher.length === 0) problems.push('Route protection needs at least one path to protect, e.g. /dashboard/:path*.');
    problems.push(...matcherProblems(matcher).map((p) => p.message));
  }
  return problems;
}
