import type { ProjectInfo, Router } from '../project-info';
import { matcherProblems, settingProblems, type ScaffoldSettings, type SettingProblem } from '../settings';
import { SCAFFOLD_PIECES, type ScaffoldPiece, type ScaffoldRequest } from './types';

/** The writing commands; each plans its own pieces (see ScaffoldAnswers). */
export type ScaffoldCommandKind = 'scaffold' | 'callbacks' | 'types' | 'protect';

/** What the user chose, through the CLI's flags or the editor's settings, pickers and arguments. */
export interface ScaffoldAnswers {
  readonly kind: ScaffoldCommandKind;
  readonly settings: ScaffoldSettings;
  /** Paths route protection covers; on `scaffold` they add route protection, `protect` requires them. */
  readonly matcher?: readonly string[];
  /** The file holding the options to merge into (the active editor's, or `--config`), over detection's. */
  readonly authConfigFile?: string;
  /** Write next-auth.d.ts in a JavaScript project too. */
  readonly typesForJavaScript?: boolean;
  /** settings.refreshStore is the default, not a choice: the app keeps the generated store it declares (see ScaffoldRequest). */
  readonly refreshStoreFromDefault?: boolean;
}

/** Answers checked once, for both faces: the problems to report, else how to build the request. */
export interface PreparedScaffold {
  /** Every refused value (settings and matchers), named with its rule; empty when the answers are usable. */
  readonly problems: readonly SettingProblem[];
  /** The pieces the command plans. */
  readonly pieces: readonly ScaffoldPiece[];
  /** The request for the detected app and the chosen router. */
  request(project: ProjectInfo, router: Router): ScaffoldRequest;
}

/**
 * Validates what the user chose (settings against their grammars, route-protection matchers) and decides the
 * pieces of the command: `scaffold` plans every piece (and route protection when matchers are given),
 * `callbacks` the jwt/session callbacks, `types` the augmentation, `protect` route protection. The CLI and
 * the editor command both start here, so they refuse the same values with the same words and plan the same
 * pieces.
 */
export function prepareScaffold(answers: ScaffoldAnswers): PreparedScaffold {
  const matcher = answers.matcher ?? [];
  const problems = [...settingProblems(answers.settings), ...matcherProblems(matcher)];
  if (answers.kind === 'protect' && matcher.length === 0) {
    problems.push({ setting: 'matcher', value: '', rule: 'route-matcher', message: 'Route protection needs at least one path to protect, e.g. /dashboard/:path*.' });
  }
  const pieces: ScaffoldPiece[] =
    answers.kind === 'scaffold' ? [...SCAFFOLD_PIECES, ...(matcher.length > 0 ? (['middleware'] as const) : [])]
    : answers.kind === 'callbacks' ? ['callbacks']
    : answers.kind === 'types' ? ['types']
    : ['middleware'];
  return {
    problems,
    pieces,
    request: (project, router) => ({
      project,
      router,
      settings: answers.settings,
      pieces,
      ...(answers.authConfigFile ? { authConfigFile: answers.authConfigFile } : {}),
      ...(matcher.length > 0 ? { routeProtection: { matcher } } : {}),
      ...(answers.typesForJavaScript ? { typesForJavaScript: true } : {}),
      ...(answers.refreshStoreFromDefault ? { refreshStoreFromDefault: true } : {}),
    }),
  };
}
