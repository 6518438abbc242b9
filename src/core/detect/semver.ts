import * as semver from 'semver';

/** A parsed `major.minor.patch[-prerelease]` version (build metadata dropped, as semver precedence ignores it). */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
}

function fromLibrary(version: semver.SemVer): SemVer {
  return { major: version.major, minor: version.minor, patch: version.patch, prerelease: [...version.prerelease] };
}

/** Parses an exact version (`4.24.15`, `5.0.0-beta.32`, `v1.2.3`); `undefined` when it is not one. */
export function parseVersion(text: string): SemVer | undefined {
  const parsed = semver.parse(text.trim(), { loose: true });
  return parsed ? fromLibrary(parsed) : undefined;
}

/**
 * Semver 2.0 precedence (the `semver` package): negative when a < b, 0 when equal, positive when a > b.
 * A prerelease sorts before its release (5.0.0-beta.32 < 5.0.0); numeric identifiers compare as numbers.
 */
export function compareVersions(a: SemVer, b: SemVer): number {
  return semver.compare(formatVersion(a), formatVersion(b));
}

/** A package.json range without the prefixes npm accepts before it (`npm:next-auth@…`, `workspace:…`). */
function bareRange(range: string): string {
  return range.trim().replace(/^npm:(?:@[^/]+\/)?[^@]+@/, '').replace(/^workspace:/, '');
}

/**
 * The lowest version a package.json range admits (`semver.minVersion`): `^4.24.7` → 4.24.7,
 * `>= 4.20.0` → 4.20.0, `>4.24.14` → 4.24.15, `<5 || ^4.20` → 0.0.0, `>=5.0.0-beta.25 <6` → 5.0.0-beta.25.
 * `undefined` for what is not a range: tags (`latest`), URLs, `workspace:*` … An exact version is its own minimum.
 */
export function minimumVersion(range: string): SemVer | undefined {
  const valid = semver.validRange(bareRange(range), { loose: true });
  if (valid === null || valid === '*') return undefined;
  const min = semver.minVersion(valid, { loose: true });
  return min ? fromLibrary(min) : undefined;
}

/**
 * Major number of a version or range (`^14.2.0` → 14, `5.0.0-beta.25` → 5, `<5 || ^4.20` → 4): the
 * lowest major among the alternatives that have a lower bound; `undefined` when none has one.
 */
export function majorOf(rangeOrVersion: string): number | undefined {
  const majors = bareRange(rangeOrVersion)
    .split('||')
    .map((alternative) => minimumVersion(alternative))
    .filter((v): v is SemVer => v !== undefined && !(v.major === 0 && v.minor === 0 && v.patch === 0 && v.prerelease.length === 0))
    .map((v) => v.major);
  return majors.length > 0 ? Math.min(...majors) : undefined;
}

export function formatVersion(version: SemVer): string {
  const base = `${version.major}.${version.minor}.${version.patch}`;
  return version.prerelease.length ? `${base}-${version.prerelease.join('.')}` : base;
}
