/** A parsed `major.minor.patch[-prerelease]` version (build metadata dropped, as semver precedence ignores it). */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
}

const VERSION = /^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses an exact version (`4.24.15`, `5.0.0-beta.32`); `undefined` when it is not one. Missing parts count as 0. */
export function parseVersion(text: string): SemVer | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const part = (s: string | undefined) => (s === undefined || /[xX*]/.test(s) ? 0 : Number(s));
  const prerelease = match[4] ? match[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : [];
  return { major: Number(match[1]), minor: part(match[2]), patch: part(match[3]), prerelease };
}

/**
 * Semver 2.0 precedence: negative when a < b, 0 when equal, positive when a > b.
 * A prerelease sorts before its release (5.0.0-beta.32 < 5.0.0); numeric identifiers compare as numbers
 * (beta.9 < beta.32) and sort before alphanumeric ones.
 */
export function compareVersions(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  if (a.prerelease.length === 0) return 1;
  if (b.prerelease.length === 0) return -1;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The lowest version a package.json range admits, as far as it can be read: `^4.24.7` → 4.24.7,
 * `>=5.0.0-beta.25 <6` → 5.0.0-beta.25, `14` → 14.0.0. `undefined` for tags (`latest`), URLs, `workspace:*` …
 * An exact installed version is its own minimum.
 */
export function minimumVersion(range: string): SemVer | undefined {
  const trimmed = range.trim().replace(/^npm:[^@]+@/, '').replace(/^workspace:/, '');
  const alternatives = trimmed.split('||').map((alt) => alt.trim());
  let lowest: SemVer | undefined;
  for (const alternative of alternatives) {
    const first = alternative.split(/\s+/)[0] ?? '';
    // `<x` or `<=x` alone gives no lower bound we can trust.
    if (/^</.test(first)) return undefined;
    const version = parseVersion(first.replace(/^(\^|~|>=|>|=)\s*/, ''));
    if (!version) return undefined;
    if (!lowest || compareVersions(version, lowest) < 0) lowest = version;
  }
  return lowest;
}

/** Major number of a version or range (`^14.2.0` → 14, `5.0.0-beta.25` → 5); `undefined` when unreadable. */
export function majorOf(rangeOrVersion: string): number | undefined {
  return minimumVersion(rangeOrVersion)?.major;
}

export function formatVersion(version: SemVer): string {
  const base = `${version.major}.${version.minor}.${version.patch}`;
  return version.prerelease.length ? `${base}-${version.prerelease.join('.')}` : base;
}
