import type { ProjectInfo } from '../project-info';
import { installCommand } from './package-manager';
import { compareVersions, majorOf, minimumVersion, parseVersion } from './semver';

/** The Next.js majors the scaffold supports and tests (README: "Next.js 14–16"). */
export const SUPPORTED_NEXT_MAJORS = { min: 14, max: 16 } as const;
/** The oldest next-auth 4 the generated code is written for (README: "next-auth 4.24.x"). */
export const MIN_NEXT_AUTH_V4 = '4.24.0';
/** The oldest TypeScript the generated code is type-checked with (test/unit/older-typescript.test.ts). */
export const MIN_TYPESCRIPT = '4.7.0';

/** What the supported range says about one app: a reason to refuse, and things to warn about. */
export interface SupportCheck {
  /** Set when the app is outside the supported range: nothing is planned, and this says why and what to do. */
  readonly refusal?: string;
  readonly warnings: readonly string[];
}

/**
 * The one supported-range policy, shared by the README, detection and every face: Next.js 14–16,
 * next-auth 4.24.x or 5 (v5 betas), TypeScript 4.7 or later. An app below the range is refused with the
 * upgrade command (what runs is what counts: the installed version, else the major the declared range is
 * pinned to); a Next.js newer than the range is planned with a warning, as it is not tested yet.
 */
export function supportCheck(project: ProjectInfo): SupportCheck {
  const refusals: string[] = [];
  const warnings: string[] = [];
  const pm = project.packageManager;
  const nextMajor = project.nextMajor;
  if (nextMajor !== undefined && nextMajor < SUPPORTED_NEXT_MAJORS.min) {
    refusals.push(`Next.js ${project.nextVersion} is older than the ${SUPPORTED_NEXT_MAJORS.min}–${SUPPORTED_NEXT_MAJORS.max} the scaffold supports; upgrade it first (${installCommand(pm, [`next@${SUPPORTED_NEXT_MAJORS.min}`])}, or the latest).`);
  } else if (nextMajor !== undefined && nextMajor > SUPPORTED_NEXT_MAJORS.max) {
    warnings.push(`Next.js ${project.nextVersion} is newer than the ${SUPPORTED_NEXT_MAJORS.min}–${SUPPORTED_NEXT_MAJORS.max} the scaffold is tested with; check the result with \`next build\`.`);
  }
  const nextAuth = project.nextAuth;
  if (nextAuth?.major === 4 && isBelow(nextAuth.version, nextAuth.installed, MIN_NEXT_AUTH_V4)) {
    refusals.push(`next-auth ${nextAuth.version} is older than ${MIN_NEXT_AUTH_V4}, the oldest next-auth 4 the generated code supports; upgrade it first (${installCommand(pm, ['next-auth@^4.24.15'])}).`);
  }
  const typescript = project.typescriptVersion;
  if (project.language === 'ts' && typescript && isBelow(typescript.version, typescript.installed, MIN_TYPESCRIPT)) {
    refusals.push(`TypeScript ${typescript.version} is older than ${MIN_TYPESCRIPT}, the oldest the generated code is checked with; upgrade it first (${installCommand(pm, ['typescript@^5', '--save-dev'])}).`);
  }
  return { ...(refusals.length > 0 ? { refusal: `${refusals.join(' ')} Nothing was written.` } : {}), warnings };
}

/** Whether what runs is older than `floor`: the installed version, else the lowest the declared range allows within its own major. */
function isBelow(version: string, installed: boolean, floor: string): boolean {
  const lowest = installed ? parseVersion(version) : minimumVersion(version);
  const bound = parseVersion(floor);
  if (!lowest || !bound) return false;
  if (installed) return compareVersions(lowest, bound) < 0;
  // A declared range counts as below only when it cannot reach the floor's major.minor: `^4.22.0` can (npm
  // installs 4.24.x), `~4.22.0` and `4.22.1` cannot.
  const major = majorOf(version);
  const caret = /^\s*\^/.test(version) || /^\s*(>|>=)\s*\d/.test(version) || /x|\*/.test(version);
  if (caret && major === bound.major) return false;
  return compareVersions(lowest, bound) < 0 && (major === undefined || major <= bound.major);
}
