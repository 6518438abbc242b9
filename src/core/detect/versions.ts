import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import type { NextAuthInstall, ProjectInfo } from '../project-info';
import { installCommand } from './package-manager';
import { declaredRange, tryReadPackageJson, type PackageJson } from './package-json';
import { compareVersions, majorOf, minimumVersion, parseVersion } from './semver';
import { catalogVersion, findWorkspaceRoot } from '../auth-config/workspace-packages';
import { ancestors } from './walk';

/** First releases that fix GHSA-x445-f3h2-j279 (v4 and v5) and GHSA-8fpg-xm3f-6cx3 (v5). */
export const SAFE_NEXT_AUTH_V4 = '4.24.15';
export const SAFE_NEXT_AUTH_V5 = '5.0.0-beta.32';

export interface ResolvedVersion {
  readonly version: string;
  readonly installed: boolean;
}

/**
 * The version of `pkg` the app uses: the installed `node_modules/<pkg>/package.json`, looking in the app and
 * then each parent folder (hoisted installs), else the range declared in the app's package.json.
 * An installed copy whose major differs from the declared range belongs to another project up the tree
 * (the app itself is not installed yet), so the declared range wins then.
 */
export function resolvePackageVersion(fs: ReadonlyFileSystem, appRoot: string, pkg: PackageJson, name: string): ResolvedVersion | undefined {
  const declared = fromCatalog(fs, appRoot, declaredRange(pkg, name), name);
  const declaredMajor = declared === undefined ? undefined : majorOf(declared);
  for (const dir of ancestors(appRoot)) {
    const installedPkg = tryReadPackageJson(fs, path.join(dir, 'node_modules', name));
    const version = installedPkg?.version;
    if (version === undefined || !parseVersion(version)) continue;
    if (declaredMajor !== undefined && parseVersion(version)?.major !== declaredMajor) break;
    return { version, installed: true };
  }
  return declared === undefined ? undefined : { version: declared, installed: false };
}

/** A pnpm `catalog:` specifier replaced by the version the workspace's catalog names (when it can be read). */
function fromCatalog(fs: ReadonlyFileSystem, dir: string, declared: string | undefined, name: string): string | undefined {
  if (!declared?.startsWith('catalog:')) return declared;
  const root = findWorkspaceRoot(fs, dir);
  return (root && catalogVersion(fs, root.root, declared, name)) ?? declared;
}

/** next-auth as the scaffold should target it: v5 for 5.x and the `beta` tag, else v4. */
export function nextAuthInstall(resolved: ResolvedVersion | undefined): NextAuthInstall | undefined {
  if (!resolved) return undefined;
  const major = majorOf(resolved.version) ?? (/^(beta|next)$/.test(resolved.version.trim()) ? 5 : 4);
  return { version: resolved.version, major: major >= 5 ? 5 : 4, installed: resolved.installed };
}

export interface VersionAdvisory {
  readonly kind: 'missing' | 'outdated';
  readonly message: string;
  readonly command: string;
}

/**
 * What to tell the user about the app's next-auth: `missing` (with the install command for the app's package
 * manager) when it is neither installed nor declared; `outdated` (with the upgrade command) when the installed
 * version, or the lowest version the declared range admits, is older than 4.24.15 (v4) / 5.0.0-beta.32 (v5);
 * `undefined` when it is fine or unreadable (a tag such as `latest`).
 */
export function nextAuthAdvisory(project: ProjectInfo): VersionAdvisory | undefined {
  const install = project.nextAuth;
  if (!install) {
    const command = installCommand(project.packageManager, [`next-auth@^${SAFE_NEXT_AUTH_V4}`]);
    return {
      kind: 'missing',
      message: `next-auth is not installed in ${project.name}. The scaffold targets next-auth ${SAFE_NEXT_AUTH_V4} (v4); install it with: ${command}`,
      command,
    };
  }
  const safe = install.major === 5 ? SAFE_NEXT_AUTH_V5 : SAFE_NEXT_AUTH_V4;
  const current = minimumVersion(install.version);
  const safeVersion = parseVersion(safe);
  if (!current || !safeVersion || compareVersions(current, safeVersion) >= 0) return undefined;
  const advisories = install.major === 5 ? 'GHSA-x445-f3h2-j279 and GHSA-8fpg-xm3f-6cx3' : 'GHSA-x445-f3h2-j279';
  const command = installCommand(project.packageManager, [`next-auth@^${safe}`]);
  const what = install.installed
    ? `next-auth ${install.version} is installed`
    : `package.json allows next-auth ${install.version}`;
  return {
    kind: 'outdated',
    message: `${what}, older than ${safe}, the release that fixes ${advisories}. Upgrade with: ${command}`,
    command,
  };
}
